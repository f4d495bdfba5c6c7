import datetime as dt

import pytest

from certificates import services
from certificates.demo import synthetic_person
from tests.applications.factories import open_item


@pytest.fixture(autouse=True)
def _signing_key(settings, tmp_path_factory):
    """One key for the test session's certificates (generated once, like make run does)."""
    base = tmp_path_factory.getbasetemp() / "signing"
    settings.CERT_SIGNING_KEY_FILE = str(base / "key.pem")
    settings.CERT_SIGNING_CERT_FILE = str(base / "cert.pem")
    from certificates import signing

    signing._signer.cache_clear()
    signing.ensure_signing_key()
    yield
    signing._signer.cache_clear()


@pytest.fixture
def item(orgs, users):
    """An accepted 高级 filing of the 自治区 committee: its 批文 go to the 自治区职称办公室."""
    return open_item(orgs["committee_region"], users["committee_region"])


def make_passed(item, n, *, start=0, holder=None, publicised=True, **kwargs):
    """n applications (and `holder`'s) that passed a meeting of the item's committee: walked to
    通过形式审核 from base_short, voted on and closed through the meetings services; with
    `publicised`, on a 公示 that has ended (kwargs: publish_ended's days_ago, objection)."""
    from accounts.models import Organisation
    from meetings import publicity
    from meetings.demo import publish_ended
    from tests.applications.factories import accepted_application
    from tests.meetings.factories import hold_meeting

    committee = item.filing.committee
    people = [holder] if holder else []
    people += [
        synthetic_person(f"p{start + i}", f"候选{start + i}", i % 2 == 0, 300 + start + i) for i in range(n)
    ]
    base = Organisation.objects.get(name="新疆示例机械制造有限公司")  # the cast's base_short
    apps = [accepted_application(item, base, p) for p in people]
    staff = _staff(committee)
    days_ago = kwargs.get("days_ago", 30)
    day = publicity.today() - dt.timedelta(days=days_ago if publicised else 0)
    hold_meeting(apps, by=staff, meeting_date=day)
    if publicised:
        meeting = apps[0].meeting_candidacies.get().meeting
        publish_ended(meeting, by=staff, **kwargs)
    for a in apps:
        a.refresh_from_db()
    return apps


def _staff(committee):
    from accounts.models import Membership

    return Membership.objects.filter(organisation=committee, is_active=True).order_by("pk").first().user


@pytest.fixture
def passed(item, users):
    return make_passed(item, 2, holder=users["applicant"])


@pytest.fixture
def draft(item, passed, users, orgs):
    import datetime as dt

    return services.draft_approval(
        orgs["committee_region"],
        by=users["committee_region"],
        filing=item.filing,
        application_ids=[a.pk for a in passed],
        granted_on=dt.date(2026, 6, 30),
    )


@pytest.fixture
def approved(draft, users, django_capture_on_commit_callbacks):
    services.submit_approval(draft, by=users["committee_region"])
    draft.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_approval(draft, by=users["office_region"], expected_step_id=draft.current_step_id)
    return type(draft).objects.get(pk=draft.pk)


@pytest.fixture
def cert(approved, users):
    return approved.certificates.get(holder=users["applicant"])

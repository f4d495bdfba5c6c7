import pytest

from certificates import services
from certificates.demo import passed_application, synthetic_person
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


def make_passed(item, n, *, start=0, holder=None, publicised=True):
    committee = item.filing.committee
    people = [holder] if holder else []
    people += [
        synthetic_person(f"p{start + i}", f"候选{start + i}", i % 2 == 0, 300 + start + i) for i in range(n)
    ]
    apps = [passed_application(p, item, committee) for p in people]
    if publicised:
        publicise(committee, apps)
    return apps


def publicise(committee, apps, **kwargs):
    """An ended 公示 of these results, through the 公示 service (a 批文 lists only such people)."""
    from accounts.models import Membership
    from meetings.demo import publicise_results

    staff = Membership.objects.filter(organisation=committee, is_active=True).first().user
    return publicise_results(committee, apps, by=staff, **kwargs)


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

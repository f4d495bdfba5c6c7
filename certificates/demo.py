"""Demo 批文 and 电子证书 (manage.py seed_demo): idempotent, runs on SQLite with tasks in-process.

昌吉州 评委会 gets one approved 批文 for sq_zhang and two synthetic colleagues, so 我的职称电子证书
(sq_zhang), 证书查询, 批文管理 (pw_changji) and 批文审核 (zcb_changji) all have something to show.
The signing key is generated here on first run (make run calls seed_demo).
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from accounts.constants import Gender
from accounts.synthetic import make_id_number
from applications.models import Application
from filings.constants import ApplicationType
from filings.models import FilingQualification
from meetings.demo import publicise_results
from zhicheng.workflow import ChainState

from . import services
from .models import Approval

COLLEAGUES = [("demo_cert_1", "马示例", True, 201), ("demo_cert_2", "古丽示例", False, 202)]


def passed_application(person, item, committee, base_unit=None):
    """An application through 形式审核 whose review meeting recorded 通过, written directly (state,
    review_result) for the demo and bench_certificates, which seed hundreds of them: walking each
    through the chain and a meeting would make `make run` and the benchmark slow for no gain. Tests
    build theirs through the services (tests/certificates/conftest.make_passed)."""
    existing = Application.objects.filter(
        applicant=person, qualification=item.qualification, year=item.filing.work_year
    ).first()
    if existing is not None:
        return (
            existing if existing.state == ChainState.ACCEPTED and existing.review_result == "passed" else None
        )
    return Application.objects.create(
        applicant=person,
        year=item.filing.work_year,
        application_type=ApplicationType.REVIEW,
        qualification=item.qualification,
        filing_item=item,
        committee=committee,
        base_unit=base_unit,
        state=ChainState.ACCEPTED,
        finished_at=timezone.now(),
        review_result="passed",
        review_meeting_date=timezone.localdate(),
    )


def synthetic_person(username, name, male, seq, password=None, birth=None):
    User = get_user_model()
    birth = birth or dt.date(1985, 3, 1) + dt.timedelta(days=seq * 37)
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "real_name": name,
            "id_number": make_id_number(birth=birth, seq=seq, male=male),
            "gender": Gender.MALE if male else Gender.FEMALE,
            "birth_date": birth,
        },
    )
    if created and password:
        user.set_password(password)
        user.save(update_fields=["password"])
    return user


def seed(cast):
    seed_approval(cast)
    seed_reissue(cast)


def seed_approval(cast):
    from accounts import demo as account_demo

    call_command("ensure_signing_key", verbosity=0)
    orgs, users = cast["orgs"], cast["users"]
    committee = orgs["committee_changji"]
    if Approval.objects.filter(committee=committee).exists():
        return
    items = list(
        FilingQualification.objects.filter(filing__committee=committee, filing__state=ChainState.ACCEPTED)
        .select_related("filing", "qualification")
        .order_by("pk")
    )
    if not items:
        return
    people = [users["applicant"]] + [
        synthetic_person(u, n, m, s, account_demo.DEMO_PASSWORD) for u, n, m, s in COLLEAGUES
    ]
    apps = []
    for person in people:
        for item in items[-3:]:  # the last items: not the ones the applications demo applies for
            app = passed_application(person, item, committee, orgs.get("base_short"))
            if app is not None:
                apps.append(app)
                break
    if not apps:
        return
    filing = apps[0].filing_item.filing
    apps = [a for a in apps if a.filing_item.filing_id == filing.pk]
    # a 批文 lists only people whose 公示 has ended without a pending or upheld 异议
    publicise_results(committee, apps, by=users["committee_changji"], objection=True)
    approval = services.draft_approval(
        committee,
        by=users["committee_changji"],
        filing=filing,
        application_ids=[a.pk for a in apps],
        granted_on=timezone.localdate(),
    )
    services.submit_approval(approval, by=users["committee_changji"])
    approval.refresh_from_db()
    office = approval.current_org
    office_user = next(
        (u for u in users.values() if u.memberships.filter(organisation=office, is_active=True).exists()),
        None,
    )
    if office_user is not None:
        services.approve_approval(approval, by=office_user, expected_step_id=approval.current_step_id)


def seed_reissue(cast):
    """One accepted 丢失申领证书批次备案 of 昌吉州 评委会 with its re-issued certificate (a demo
    colleague's, so sq_zhang's own certificate stays as it is). Idempotent."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from filings import lost
    from filings.demo import minimal_pdf
    from filings.models import Filing, LostReason
    from filings.services import accept_filing

    orgs, users = cast["orgs"], cast["users"]
    committee, by = orgs["committee_changji"], users["committee_changji"]
    if Filing.objects.filter(committee=committee, kind=Filing.Kind.LOST_REISSUE).exists():
        return
    from .models import ApprovalEntry

    entry = ApprovalEntry.objects.filter(
        approval__committee=committee,
        approval__state=ChainState.ACCEPTED,
        application__applicant__username=COLLEAGUES[0][0],
    ).first()
    if entry is None:
        return
    # seed_demo runs in one transaction: the 批文's batch starts after commit, so this one
    # certificate is issued now (issue_certificate is idempotent; the batch skips it)
    cert, _created = services.issue_certificate(entry.pk)
    if not cert.is_valid:
        return
    level = cert.entry.application.qualification.filing_level
    filing = lost.create_lost_filing(
        committee,
        by=by,
        data={
            "title": f"关于补发{cert.name}职称电子证书的备案",
            "contact_name": by.display_name,
            "contact_phone": "0994-2345678",
            "level": level,
        },
    )
    lost.add_lost_certificates(filing, [cert.number], by=by, reason=LostReason.LOST)
    row = filing.lost_certificates.get()
    upload = SimpleUploadedFile(
        "补发申请.pdf", minimal_pdf("reissue request"), content_type="application/pdf"
    )
    lost.upload_lost_request(row, by=by, upload=upload)
    filing = lost.submit_lost_filing(filing, by=by)
    filing.refresh_from_db()
    office = filing.current_org
    office_user = next(
        (u for u in users.values() if u.memberships.filter(organisation=office, is_active=True).exists()),
        None,
    )
    if office_user is not None:
        accept_filing(filing, by=office_user, expected_step_id=filing.current_step_id)

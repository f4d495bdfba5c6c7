import datetime as dt

import pytest

from certificates import numbering, services
from certificates.candidates import eligible_candidates
from certificates.models import ApprovalSetting, Certificate, IssueBatch
from zhicheng.workflow import ChainState, WorkflowError

from .conftest import make_passed

pytestmark = pytest.mark.django_db


def test_a_draft_gets_the_number_title_body_and_list(draft, passed, users):
    assert draft.number == "新人社职〔2026〕1号"
    first = draft.entries.first().application.applicant.real_name
    assert draft.title == f"关于批准{first}等3位同志取得工程技术专业技术职务任职资格的通知"
    assert "2026年06月30日" in draft.body
    assert draft.entries.count() == 3
    assert draft.state == ChainState.DRAFT


def test_one_person_reads_as_that_person(item, users, orgs):
    apps = make_passed(item, 1)
    a = services.draft_approval(
        orgs["committee_region"],
        by=users["committee_region"],
        filing=item.filing,
        application_ids=[apps[0].pk],
        granted_on=dt.date(2026, 7, 1),
    )
    assert a.title.startswith(f"关于批准{apps[0].applicant.real_name}同志取得")


def test_serials_count_up_per_prefix_and_are_never_reused(item, users, orgs):
    committee = orgs["committee_region"]
    ApprovalSetting.objects.create(committee=committee, prefix="新经信人事")
    numbers = []
    for i in range(3):
        apps = make_passed(item, 1, start=10 + i)
        a = services.draft_approval(
            committee,
            by=users["committee_region"],
            filing=item.filing,
            application_ids=[apps[0].pk],
            granted_on=dt.date(2026, 3, 1),
        )
        numbers.append(a.number)
        if i == 1:
            a.delete()  # a deleted draft leaves a gap
    assert numbers == ["新经信人事〔2026〕1号", "新经信人事〔2026〕2号", "新经信人事〔2026〕3号"]


def test_a_person_is_on_one_approval_at_most(draft, passed, users, orgs, item):
    assert not eligible_candidates(orgs["committee_region"]).filter(pk=passed[0].pk).exists()
    with pytest.raises(services.CertificateError, match="不符合列入批文条件"):
        services.draft_approval(
            orgs["committee_region"],
            by=users["committee_region"],
            filing=item.filing,
            application_ids=[passed[0].pk],
            granted_on=dt.date(2026, 7, 1),
        )


def test_only_accepted_applications_are_candidates(item, users, orgs):
    from tests.applications.factories import make_application

    submitted = make_application(users["applicant2"], item, orgs["base_short"], submitted=True)
    assert not eligible_candidates(orgs["committee_region"]).filter(pk=submitted.pk).exists()


def test_an_application_the_meeting_did_not_pass_is_no_candidate(item, users, orgs):
    from applications.models import Application

    failed, ok = make_passed(item, 2, start=40)
    Application.objects.filter(pk=failed.pk).update(review_result="failed")
    Application.objects.filter(pk=ok.pk).update(review_result="")  # not reviewed yet
    assert not eligible_candidates(orgs["committee_region"]).filter(pk__in=[failed.pk, ok.pk]).exists()
    with pytest.raises(services.CertificateError, match="不符合列入批文条件"):
        services.draft_approval(
            orgs["committee_region"],
            by=users["committee_region"],
            filing=item.filing,
            application_ids=[failed.pk],
            granted_on=dt.date(2026, 7, 1),
        )


def test_another_committees_staff_cannot_draft(item, passed, users, orgs):
    with pytest.raises(services.CertificateError, match="不是该评审机构"):
        services.draft_approval(
            orgs["committee_region"],
            by=users["committee_changji"],
            filing=item.filing,
            application_ids=[passed[0].pk],
            granted_on=dt.date(2026, 7, 1),
        )


def test_the_approval_goes_to_the_title_office_the_filing_went_to(draft, users, orgs):
    services.submit_approval(draft, by=users["committee_region"])
    draft.refresh_from_db()
    assert draft.state == ChainState.IN_REVIEW
    assert draft.current_org == orgs["office_region"] == draft.filing.target_office()
    with pytest.raises(WorkflowError):
        services.approve_approval(draft, by=users["office_changji"], expected_step_id=draft.current_step_id)
    assert not IssueBatch.objects.exists()


def test_the_office_returns_with_an_opinion_and_nothing_is_issued(draft, users):
    services.submit_approval(draft, by=users["committee_region"])
    draft.refresh_from_db()
    services.return_approval(
        draft, by=users["office_region"], expected_step_id=draft.current_step_id, opinion="授予时间有误"
    )
    draft.refresh_from_db()
    assert draft.state == ChainState.RETURNED
    assert draft.flow_steps()[0].opinion == "授予时间有误"
    assert not Certificate.objects.exists()


def test_approval_issues_one_certificate_per_person_and_the_pdf(approved, passed):
    batch = approved.batch
    assert (batch.state, batch.done, batch.total) == (IssueBatch.State.DONE, 3, 3)
    assert approved.pdf
    certs = list(approved.certificates.all())
    assert {c.holder_id for c in certs} == {a.applicant_id for a in passed}
    for c in certs:
        assert numbering.is_valid_number(c.number) and len(c.number) == 18
        assert c.approval_number == approved.number
        assert c.granted_on == dt.date(2026, 6, 30)
        assert c.acquisition == "评审"


def test_issuing_again_issues_nothing_twice(approved):
    from certificates.tasks import issue_batch

    issue_batch(approved.batch.pk)
    for entry in approved.entries.all():
        _cert, created = services.issue_certificate(entry.pk)
        assert not created
    assert approved.certificates.count() == 3


def test_a_changed_character_of_a_certificate_number_is_detected():
    number = numbering.with_check_character("ZC202665230000042")
    assert numbering.is_valid_number(number)
    wrong = number[:-2] + ("1" if number[-2] != "1" else "2") + number[-1]
    assert not numbering.is_valid_number(wrong)


def test_issuance_records_the_persons_title_once_with_source_ecert(approved, users):
    from filings.titles import TitleSource, titles_of

    cert = approved.certificates.get(holder=users["applicant"])
    records = list(titles_of(users["applicant"]))
    assert len(records) == 1
    rec = records[0]
    assert (rec.source, rec.certificate_no, rec.approval_no) == (
        TitleSource.ECERT,
        cert.number,
        approved.number,
    )
    assert rec.granted_on == cert.granted_on and rec.committee == approved.committee
    services.issue_certificate(cert.entry_id)
    assert titles_of(users["applicant"]).count() == 1


def test_drafting_and_issuing_write_audit_entries(approved):
    from zhicheng.audit import AuditEntry

    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert "certificates.approval.drafted" in actions
    assert actions.count("certificates.certificate.issued") == 3
    assert any(a.startswith("certificates.approval.") and a.endswith("accepted") for a in actions)


def test_the_candidates_are_the_ones_a_real_meeting_passed(cast):
    """Through the meetings app: voting closes on two candidates, one passes (2/3) and one fails;
    only the passed one may be put on a 批文."""
    from meetings import voting
    from tests.meetings.factories import Setup

    s = Setup(cast, candidates=2, experts=3)
    meeting = s.opened()
    cand_pass, cand_fail = list(meeting.candidates.order_by("pk"))
    from tests.meetings.factories import vote_all

    vote_all(cand_pass, ["agree", "agree", "agree"])
    vote_all(cand_fail, ["agree", "disagree", "disagree"])
    voting.close_voting(cand_pass, by=s.staff)
    voting.close_voting(cand_fail, by=s.staff)
    assert not eligible_candidates(s.committee).exists()  # not before its 公示 has ended
    from meetings.demo import publish_ended

    publish_ended(cand_pass.meeting, by=s.staff)
    eligible = list(eligible_candidates(s.committee).values_list("pk", flat=True))
    assert eligible == [cand_pass.application_id]
    approval = services.draft_approval(
        s.committee,
        by=s.staff,
        filing=s.item.filing,
        application_ids=[cand_pass.application_id],
        granted_on=dt.date(2026, 7, 1),
    )
    assert approval.entries.get().application_id == cand_pass.application_id

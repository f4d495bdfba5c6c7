import pytest

from accounts.models import Message
from applications.models import Application
from meetings import services, voting
from meetings.constants import needed_for_quorum, passes, quorum_met
from meetings.models import BallotCast, VoteCount, Withdrawal
from meetings.services import MeetingError

from .factories import Setup, members, vote_all

pytestmark = pytest.mark.django_db


# ---- the 2/3 rules in integers -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("present", "members_n", "met", "needed"),
    [(11, 17, False, 1), (12, 17, True, 0), (2, 3, True, 0), (1, 3, False, 1), (0, 17, False, 12)],
)
def test_the_quorum_is_two_thirds_in_integers(present, members_n, met, needed):
    assert quorum_met(present, members_n) is met
    assert needed_for_quorum(present, members_n) == needed


@pytest.mark.parametrize(
    ("agree", "present", "ok"),
    [
        (11, 17, False),
        (12, 17, True),
        (2, 3, True),
        (1, 3, False),
        (4, 6, True),
        (3, 6, False),
        (0, 0, False),
    ],
)
def test_the_vote_rule_is_agree_times_three_at_least_present_times_two(agree, present, ok):
    assert passes(agree, present) is ok


def test_a_meeting_of_17_cannot_open_with_11_present_and_opens_with_12(cast):
    s = Setup(cast, experts=17)
    meeting = s.drawn()
    ms = list(meeting.members.filter(role="member").order_by("pk"))
    services.record_attendance(meeting, by=s.staff, present_ids=[m.pk for m in ms[:11]], chair_id=ms[0].pk)
    with pytest.raises(MeetingError, match="还需1人"):
        services.open_meeting(meeting, by=s.staff)
    meeting.refresh_from_db()
    assert meeting.state == "drawn" and not VoteCount.objects.exists()
    services.record_attendance(meeting, by=s.staff, present_ids=[m.pk for m in ms[:12]], chair_id=ms[0].pk)
    services.open_meeting(meeting, by=s.staff)
    meeting.refresh_from_db()
    assert meeting.state == "open"


def test_a_meeting_needs_a_present_chair_and_an_accepted_record(cast):
    s = Setup(cast, experts=3)
    meeting = s.meeting()
    services.set_quota(meeting, by=s.staff, specialty_id=s.specialty.pk, members=3, reserves=0)
    services.prepare_draw(meeting, by=s.staff)
    services.run_draw(meeting, by=s.staff)
    ids = list(meeting.members.values_list("pk", flat=True))
    services.record_attendance(meeting, by=s.staff, present_ids=ids)
    with pytest.raises(MeetingError, match="尚未被职称办公室接收"):
        services.open_meeting(meeting, by=s.staff)
    services.file_meeting(meeting, by=s.staff)
    meeting.refresh_from_db()
    from filings import services as fs

    fs.accept_filing(meeting.record, by=s.office, expected_step_id=meeting.record.current_step_id)
    with pytest.raises(MeetingError, match="主任委员或副主任委员"):
        services.open_meeting(meeting, by=s.staff)
    services.record_attendance(meeting, by=s.staff, present_ids=ids, chair_id=ids[1])
    services.open_meeting(meeting, by=s.staff)


@pytest.mark.parametrize(
    ("present", "agree", "passed"),
    [(17, 11, False), (17, 12, True), (3, 2, True), (6, 4, True), (6, 3, False)],
)
def test_results_follow_the_two_thirds_rule(cast, present, agree, passed):
    s = Setup(cast, experts=present)
    meeting = s.opened()
    cand = meeting.candidates.get()
    vote_all(cand, ["agree"] * agree + ["disagree"] * (present - agree - 1) + ["abstain"])
    voting.close_voting(cand, by=s.staff)
    cand.refresh_from_db()
    assert (cand.present, cand.agree, cand.passed) == (present, agree, passed)
    assert cand.disagree + cand.abstain == present - agree
    app = Application.objects.get(pk=cand.application_id)
    assert app.review_result == ("passed" if passed else "failed")
    assert (app.review_present, app.review_agree) == (present, agree)
    # the applicant's other messages are the chain's (上报至…, 通过形式审核)
    msg = Message.objects.get(user=app.applicant, title__startswith="评审结果")
    assert f"同意{agree}票" in msg.body
    meeting.refresh_from_db()
    assert meeting.state == "closed"


def test_an_absent_or_withdrawn_expert_cannot_vote_and_voting_closes_only_when_all_present_voted(cast):
    s = Setup(cast, experts=4)
    meeting = s.opened(present=3)
    cand = meeting.candidates.get()
    absent = meeting.members.get(role="member", present=False)
    with pytest.raises(MeetingError, match="未出席"):
        voting.cast_ballot(cand, member=absent, choice="agree", by=absent.expert.user)
    here = members(meeting)
    voting.withdraw(cand, member=here[2], by=here[2].expert.user, reason="曾指导申报人论文")
    with pytest.raises(MeetingError, match="回避"):
        voting.cast_ballot(cand, member=here[2], choice="agree", by=here[2].expert.user)
    voting.cast_ballot(cand, member=here[0], choice="agree", by=here[0].expert.user)
    with pytest.raises(MeetingError, match="还有1位"):
        voting.close_voting(cand, by=s.staff)
    voting.cast_ballot(cand, member=here[1], choice="agree", by=here[1].expert.user)
    voting.close_voting(cand, by=s.staff)
    cand.refresh_from_db()
    assert (cand.present, cand.agree, cand.passed) == (2, 2, True)
    w = Withdrawal.objects.get(candidate=cand, kind="declared")
    assert w.reason == "曾指导申报人论文" and w.expert_id == here[2].expert_id
    with pytest.raises(MeetingError, match="不能投票"):
        voting.cast_ballot(cand, member=absent, choice="agree", by=absent.expert.user)


def test_a_ballot_cannot_be_changed_nor_cast_by_someone_else(cast):
    s = Setup(cast, experts=3)
    meeting = s.opened()
    cand = meeting.candidates.get()
    a, b, _c = members(meeting)
    voting.cast_ballot(cand, member=a, choice="disagree", by=a.expert.user)
    with pytest.raises(MeetingError, match="不能更改"):
        voting.cast_ballot(cand, member=a, choice="agree", by=a.expert.user)
    with pytest.raises(MeetingError, match="专家本人"):
        voting.cast_ballot(cand, member=b, choice="agree", by=a.expert.user)
    assert voting.tally(cand) == {"agree": 0, "disagree": 1, "abstain": 0}
    assert BallotCast.objects.filter(candidate=cand).count() == 1
    with pytest.raises(MeetingError, match="已对此评审对象投票"):
        voting.withdraw(cand, member=a, by=a.expert.user, reason="迟到的回避")


def test_the_secretary_enters_paper_ballots_and_orders_a_withdrawal_with_a_reason(cast):
    s = Setup(cast, experts=3)
    meeting = s.opened()
    cand = meeting.candidates.get()
    a, b, c = members(meeting)
    voting.cast_ballot(cand, member=a, choice="agree", by=s.staff)
    voting.withdraw(cand, member=c, by=s.staff, reason="与申报人存在利害关系", ordered=True)
    with pytest.raises(MeetingError, match="评审委员会"):
        voting.withdraw(cand, member=b, by=b.expert.user, reason="x", ordered=True)
    with pytest.raises(MeetingError, match="回避原因"):
        voting.withdraw(cand, member=b, by=b.expert.user, reason=" ")
    voting.cast_ballot(cand, member=b, choice="agree", by=s.staff)
    voting.close_voting(cand, by=s.staff)
    cand.refresh_from_db()
    assert (cand.present, cand.agree, cand.passed) == (2, 2, True)
    assert Withdrawal.objects.get(kind="ordered").reason == "与申报人存在利害关系"


def test_candidates_default_to_every_application_that_passed_formal_review(cast):
    s = Setup(cast, candidates=3, experts=1)
    from tests.applications.factories import make_application
    from tests.experts.factories import person

    make_application(person("草稿"), s.item)  # a draft: not eligible
    meeting = s.meeting()
    assert set(meeting.candidates.values_list("application_id", flat=True)) == {a.pk for a in s.apps}
    services.set_candidates(meeting, by=s.staff, application_ids=[s.apps[0].pk])
    assert list(meeting.candidates.values_list("application_id", flat=True)) == [s.apps[0].pk]
    with pytest.raises(MeetingError):
        services.set_candidates(meeting, by=s.staff, application_ids=[999999])


def test_filing_the_meeting_puts_a_meeting_filing_on_the_office_chain(cast):
    s = Setup(cast, experts=2)
    meeting = s.meeting()
    services.set_quota(meeting, by=s.staff, specialty_id=s.specialty.pk, members=2, reserves=0)
    services.file_meeting(meeting, by=s.staff)
    meeting.refresh_from_db()
    record = meeting.record
    assert record.kind == "meeting" and record.parent_id == s.item.filing_id and record.state == "in_review"
    assert record.current_org == cast["orgs"]["office_region"] and "评审对象（1人）" in record.summary
    with pytest.raises(MeetingError, match="不能再修改"):
        services.set_quota(meeting, by=s.staff, specialty_id=s.specialty.pk, members=3, reserves=0)


def test_a_reserve_takes_an_absent_members_seat_and_the_draw_still_verifies(cast):
    import io

    from django.core.management import call_command

    s = Setup(cast, experts=3, reserves=1)
    meeting = s.drawn()
    ms = list(meeting.members.filter(role="member").order_by("pk"))
    reserve = meeting.members.get(role="reserve")
    services.record_attendance(meeting, by=s.staff, present_ids=[ms[0].pk], chair_id=ms[0].pk)
    assert services.quorum(meeting)["needed"] == 1
    with pytest.raises(MeetingError, match="缺席且尚未递补"):
        services.call_reserve(meeting, by=s.staff, member_id=ms[0].pk)
    services.call_reserve(meeting, by=s.staff, member_id=ms[1].pk)
    with pytest.raises(MeetingError, match="没有可递补"):
        services.call_reserve(meeting, by=s.staff, member_id=ms[2].pk)
    with pytest.raises(MeetingError, match="已由备选专家递补"):
        services.record_attendance(meeting, by=s.staff, present_ids=[ms[0].pk, ms[1].pk], chair_id=ms[0].pk)
    q = services.quorum(meeting)
    assert (q["members"], q["present"], q["met"]) == (3, 2, True)
    services.open_meeting(meeting, by=s.staff)
    cand = meeting.candidates.get()
    reserve.refresh_from_db()
    voting.cast_ballot(cand, member=reserve, choice="agree", by=reserve.expert.user)
    voting.cast_ballot(cand, member=ms[0], choice="agree", by=ms[0].expert.user)
    with pytest.raises(MeetingError, match="未出席"):
        voting.cast_ballot(cand, member=ms[1], choice="agree", by=ms[1].expert.user)
    voting.close_voting(cand, by=s.staff)
    cand.refresh_from_db()
    assert (cand.present, cand.agree, cand.passed) == (2, 2, True)
    out = io.StringIO()
    call_command("verify_draw", str(meeting.pk), stdout=out)
    assert "复核一致" in out.getvalue()


def test_a_refused_filing_reaches_the_committee_as_the_filings_error_itself(cast, monkeypatch):
    """评审会议备案 goes through the filings service; its refusal is not re-wrapped as a MeetingError."""
    from filings import services as filing_services
    from filings.errors import FilingError

    s = Setup(cast)
    meeting = s.meeting()
    services.set_quota(meeting, by=s.staff, specialty_id=s.specialty.pk, members=s.members_n, reserves=0)
    refusal = FilingError("备案已提交，不能重复提交。")

    def refuse(*args, **kwargs):
        raise refusal

    monkeypatch.setattr(filing_services, "file_meeting", refuse)
    with pytest.raises(FilingError) as caught:
        services.file_meeting(meeting, by=s.staff)
    assert caught.value is refusal
    meeting.refresh_from_db()
    assert meeting.record_id is None

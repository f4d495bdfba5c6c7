"""评审会议 rules, part 2: secret ballots, 回避 during the meeting, closing the vote, results."""

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.services import notify
from applications import review_form
from applications.models import Application
from zhicheng import audit

from . import minutes
from .constants import Choice, MeetingState, WithdrawalKind, passes
from .models import SEATED, BallotCast, Candidate, Meeting, Member, VoteCount, Withdrawal
from .services import MeetingError, _lock, _save


def voters(candidate):
    """Present members who have not withdrawn from this candidate: those who vote on it."""
    withdrawn = Withdrawal.objects.filter(candidate=candidate).values("expert_id")
    return Member.objects.filter(SEATED, meeting_id=candidate.meeting_id, present=True).exclude(
        expert_id__in=withdrawn
    )


def voter_counts(meeting):
    """{candidate id: number of voters} for every candidate of the meeting, in two queries."""
    present = Member.objects.filter(SEATED, meeting=meeting, present=True)
    withdrawn = dict(
        Withdrawal.objects.filter(meeting=meeting, expert_id__in=present.values("expert_id"))
        .values("candidate_id")
        .annotate(n=Count("pk"))
        .values_list("candidate_id", "n")
    )
    total = present.count()
    return {pk: total - withdrawn.get(pk, 0) for pk in meeting.candidates.values_list("pk", flat=True)}


def _lock_candidate(candidate):
    locked = Candidate.objects.select_for_update().select_related("meeting").get(pk=candidate.pk)
    if locked.meeting.state != MeetingState.OPEN:
        raise MeetingError(_("会议未在评审中，不能投票或回避。"))
    if locked.voting_closed:
        raise MeetingError(_("该评审对象的投票已结束。"))
    return locked


def _is_secretary(meeting, user):
    return user.memberships.filter(organisation_id=meeting.committee_id, is_active=True).exists()


@transaction.atomic
def cast_ballot(candidate, *, member, choice, by):
    """One ballot per present member per candidate, cast by the expert or entered by the secretary
    from the paper ballot; it cannot be changed afterwards."""
    if choice not in Choice.values:
        raise MeetingError(_("请选择同意、不同意或弃权。"))
    locked = _lock_candidate(candidate)
    if member.meeting_id != locked.meeting_id:
        raise MeetingError(_("该专家不是本次会议的评审专家。"))
    if by.pk != member.expert.user_id and not _is_secretary(locked.meeting, by):
        raise MeetingError(_("只能由专家本人投票，或由会议秘书录入纸质选票。"))
    if not voters(locked).filter(pk=member.pk).exists():
        if not member.seated or not member.present:
            raise MeetingError(_("未出席会议的专家不能投票，也不能委托他人投票。"))
        raise MeetingError(_("该专家已对此评审对象回避，不能投票。"))
    try:
        with transaction.atomic():
            BallotCast.objects.create(candidate=locked, member=member)
    except IntegrityError:
        raise MeetingError(_("已投票，选票不能更改。")) from None
    VoteCount.objects.filter(candidate=locked, choice=choice).update(count=F("count") + 1)
    # who cast a ballot, never what it said (the secret ballot)
    paper = by.pk != member.expert.user_id
    audit.log(
        "meetings.ballot.cast",
        locked,
        by=by,
        org=locked.meeting.committee if paper else None,
        data={"meeting": locked.meeting_id, "expert": member.expert.code, "paper": paper},
    )
    return locked


@transaction.atomic
def withdraw(candidate, *, member, by, reason, ordered=False):
    """回避 during the meeting: declared by the expert, or ordered by the committee with a reason."""
    if not (reason or "").strip():
        raise MeetingError(_("请填写回避原因。"))
    locked = _lock_candidate(candidate)
    if member.meeting_id != locked.meeting_id or not member.seated:
        raise MeetingError(_("该专家不是本次会议的评审专家。"))
    if ordered and not _is_secretary(locked.meeting, by):
        raise MeetingError(_("只有评审委员会可以决定专家回避。"))
    if not ordered and by.pk != member.expert.user_id:
        raise MeetingError(_("只能由专家本人申请回避。"))
    if BallotCast.objects.filter(candidate=locked, member=member).exists():
        raise MeetingError(_("该专家已对此评审对象投票，不能再回避。"))
    if Withdrawal.objects.filter(candidate=locked, expert_id=member.expert_id).exists():
        raise MeetingError(_("该专家已对此评审对象回避。"))
    withdrawal = Withdrawal.objects.create(
        meeting_id=locked.meeting_id,
        expert_id=member.expert_id,
        candidate=locked,
        kind=WithdrawalKind.ORDERED if ordered else WithdrawalKind.DECLARED,
        reason=reason.strip(),
        recorded_by=by,
    )
    audit.log(
        "meetings.withdrawal.recorded",
        locked,
        by=by,
        org=locked.meeting.committee if ordered else None,
        data={"expert": member.expert.code, "kind": withdrawal.kind, "reason": withdrawal.reason},
    )
    return withdrawal


def tally(candidate):
    counts = dict(VoteCount.objects.filter(candidate=candidate).values_list("choice", "count"))
    return {c: counts.get(c, 0) for c in Choice.values}


@transaction.atomic
def close_voting(candidate, *, by):
    """The secretary closes the vote once every voter has voted; the 2/3 rule gives the result,
    written on the application (applications reads it, never imports meetings)."""
    locked = _lock_candidate(candidate)
    if not _is_secretary(locked.meeting, by):
        raise MeetingError(_("只有评审委员会可以结束投票。"))
    expected = voters(locked).count()
    cast = BallotCast.objects.filter(candidate=locked).count()
    if cast < expected:
        raise MeetingError(_("还有%d位出席专家未投票，不能结束投票。") % (expected - cast))
    counts = tally(locked)
    locked.present = expected
    locked.agree, locked.disagree, locked.abstain = counts["agree"], counts["disagree"], counts["abstain"]
    locked.passed = passes(locked.agree, locked.present)
    locked.voting_closed = True
    locked.save(update_fields=["present", "agree", "disagree", "abstain", "passed", "voting_closed"])
    meeting = locked.meeting
    audit.log(
        "meetings.candidate.voting_closed",
        locked,
        by=by,
        org=meeting.committee,
        data={**counts, "present": locked.present, "passed": locked.passed},
    )
    Application.objects.filter(pk=locked.application_id).update(
        review_result="passed" if locked.passed else "failed",
        review_present=locked.present,
        review_agree=locked.agree,
        review_disagree=locked.disagree,
        review_abstain=locked.abstain,
        review_meeting_date=meeting.meeting_date,
    )
    app = Application.objects.select_related("applicant").get(pk=locked.application_id)
    review_form.request_review_form(app, by=by)  # its next version carries the 评审委员会 box
    notify(
        app.applicant,
        _("评审结果：%s") % (_("通过") if locked.passed else _("未通过")),
        _("您的申请书%(no)s已经%(c)s评审：出席%(p)d人，同意%(a)d票，不同意%(d)d票，弃权%(b)d票。")
        % {
            "no": app.number,
            "c": meeting.committee.name,
            "p": locked.present,
            "a": locked.agree,
            "d": locked.disagree,
            "b": locked.abstain,
        },
        reverse("applications:result", args=[app.pk]),
    )
    if not Candidate.objects.filter(meeting=meeting, voting_closed=False).exists():
        closing = _lock(meeting, MeetingState.OPEN)
        closing.closed_at = timezone.now()
        closing._t_close()
        _save(closing, ["closed_at", "state"])
        audit.log("meetings.meeting.closed", closing, by=by, org=meeting.committee)
        minutes.request_minutes(closing, by=by)
    return locked


def ballots_status(meeting, member):
    """For a member's ballot page: per candidate, whether they voted or withdrew (never how)."""
    voted = set(BallotCast.objects.filter(member=member).values_list("candidate_id", flat=True))
    withdrawn = set(
        Withdrawal.objects.filter(meeting=meeting, expert_id=member.expert_id).values_list(
            "candidate_id", flat=True
        )
    )
    rows = []
    for c in meeting.candidates.select_related(
        "application__applicant", "application__qualification__specialty"
    ):
        rows.append({"candidate": c, "voted": c.pk in voted, "withdrawn": c.pk in withdrawn})
    return rows


def statistics(committee):
    """Per specialty: candidates, passed, pass rate; per expert: meetings, attended, ballots."""
    per_specialty = (
        Candidate.objects.filter(meeting__committee=committee, voting_closed=True)
        .values("application__qualification__specialty__code", "application__qualification__specialty__name")
        .annotate(total=Count("pk"), passed_n=Count("pk", filter=Q(passed=True)))
        .order_by("application__qualification__specialty__code")
    )
    specialties = [
        {
            "code": r["application__qualification__specialty__code"],
            "name": r["application__qualification__specialty__name"],
            "total": r["total"],
            "passed": r["passed_n"],
            "rate": f"{r['passed_n'] * 100 / r['total']:.1f}%" if r["total"] else "—",
        }
        for r in per_specialty
    ]
    workload = (
        Member.objects.filter(SEATED, meeting__committee=committee)
        .values("expert__code", "expert__user__real_name")
        .annotate(
            meetings=Count("meeting", distinct=True),
            attended=Count("meeting", filter=Q(present=True), distinct=True),
            ballots=Count("ballots_cast", distinct=True),
        )
        .order_by("expert__code")
    )
    return {
        "specialties": specialties,
        "workload": list(workload),
        "meetings": Meeting.objects.filter(committee=committee).count(),
    }

"""评审会议 screens. Committee staff see their committee's meetings; an expert sees only the meetings
of their own assignment rows (Member), never through organisation groups; everyone else gets 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.constants import OrgKind
from zhicheng import documents
from zhicheng.views import confirm_page

from . import minutes, services, voting
from .constants import Choice, MemberRole
from .forms import BallotForm, MeetingForm, QuotaForm, WithdrawForm
from .models import BallotCast, Candidate, Meeting, Member


# ---- loaders -------------------------------------------------------------------------------------------
def _committees(user):
    return user.organisations(OrgKind.COMMITTEE)


def get_meeting_for_committee(user, pk):
    qs = Meeting.objects.filter(committee__in=_committees(user)).select_related(
        "committee", "filing", "record"
    )
    return get_object_or_404(qs, pk=pk)


def get_member_for_expert(user, pk):
    """The expert's own assignment row on meeting `pk` (anyone not drawn for it → 404)."""
    qs = Member.objects.filter(meeting_id=pk, expert__user=user).select_related(
        "meeting__committee", "expert"
    )
    return get_object_or_404(qs, meeting_id=pk)


def _candidate(meeting, cid):
    return get_object_or_404(
        Candidate.objects.select_related("application__applicant"), meeting=meeting, pk=cid
    )


def _act(request, meeting, fn, ok, **kwargs):
    try:
        fn(meeting, by=request.user, **kwargs)
    except services.MeetingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, ok)
    return redirect("meetings:detail", meeting.pk)


# ---- committee: list, create, detail ------------------------------------------------------------------
@login_required
def meeting_list(request):
    committees = list(_committees(request.user))
    if not committees:
        raise Http404
    meetings = Meeting.objects.filter(committee__in=committees).select_related("committee", "record")
    return render(request, "meetings/meeting_list.html", {"meetings": meetings})


@login_required
def meeting_create(request):
    committee = request.user.primary_organisation(OrgKind.COMMITTEE)
    if committee is None:
        raise Http404
    filings = services.accepted_filings(committee)
    initial = {}
    first = filings.first()
    if first is not None:
        item = first.items.exclude(meeting_date=None).order_by("meeting_date").first()
        initial = {
            "filing": first.pk,
            "title": _("%s评审会议") % first.title,
            "meeting_date": item and item.meeting_date,
        }
    form = MeetingForm(request.POST or None, filings=filings, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.create_meeting(committee, by=request.user, **form.cleaned_data)
        except services.MeetingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("会议已创建，已选中全部通过形式审核的申请书。"))
            return redirect("meetings:detail", meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form})


@login_required
def meeting_detail(request, pk):
    meeting = get_meeting_for_committee(request.user, pk)
    candidates = list(
        meeting.candidates.select_related("application__applicant", "application__qualification__specialty")
    )
    members = list(meeting.members.select_related("expert__user", "specialty", "replaces__expert__user"))
    ctx = {
        "meeting": meeting,
        "candidates": candidates,
        "eligible": services.eligible_applications(meeting.committee, meeting.filing),
        "quotas": meeting.quotas.select_related("specialty"),
        "members": [m for m in members if m.role == MemberRole.MEMBER],
        "reserves": [m for m in members if m.role == MemberRole.RESERVE],
        "withdrawals": meeting.withdrawals.select_related(
            "expert__user", "candidate__application__applicant"
        ),
        "quorum": services.quorum(meeting),
    }
    if meeting.state == "open":
        cast = dict(
            BallotCast.objects.filter(candidate__meeting=meeting)
            .values("candidate_id")
            .annotate(n=Count("id"))
            .values_list("candidate_id", "n")
        )
        expected = voting.voter_counts(meeting)
        ctx["rows"] = [(c, cast.get(c.pk, 0), expected.get(c.pk, 0)) for c in candidates]
    return render(request, "meetings/meeting_detail.html", ctx)


@login_required
@require_POST
def candidates_set(request, pk):
    meeting = get_meeting_for_committee(request.user, pk)
    return _act(
        request,
        meeting,
        services.set_candidates,
        _("评审对象已保存。"),
        application_ids=request.POST.getlist("app"),
    )


@login_required
@require_POST
def quota_set(request, pk):
    meeting = get_meeting_for_committee(request.user, pk)
    form = QuotaForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("抽取人数须为1到99之间的整数。"))
        return redirect("meetings:detail", pk)
    d = form.cleaned_data
    return _act(
        request,
        meeting,
        services.set_quota,
        _("抽取人数已保存。"),
        specialty_id=d["specialty"],
        members=d["members"],
        reserves=d["reserves"] or 0,
    )


def _confirmed(request, meeting, *, title, text, button, fn, ok, **kwargs):
    if request.method == "POST":
        return _act(request, meeting, fn, ok, **kwargs)
    return confirm_page(
        request,
        title=title,
        text=text,
        button=button,
        cancel_url=reverse("meetings:detail", args=[meeting.pk]),
    )


@login_required
def meeting_file(request, pk):
    meeting = get_meeting_for_committee(request.user, pk)
    return _confirmed(
        request,
        meeting,
        title=_("评审会议备案"),
        text=_("确认将《%s》的评审对象和专家抽取方案报职称办公室备案？提交后不能修改。") % meeting.title,
        button=_("确认无误我要提交"),
        fn=services.file_meeting,
        ok=_("评审会议备案已提交职称办公室。"),
    )


@login_required
def draw_prepare(request, pk):
    meeting = get_meeting_for_committee(request.user, pk)
    return _confirmed(
        request,
        meeting,
        title=_("公布随机种子摘要"),
        text=_("平台将生成随机种子并公布其SHA-256摘要；公布后评审对象和抽取人数不能再修改。"),
        button=_("生成并公布"),
        fn=services.prepare_draw,
        ok=_("已公布随机种子摘要。"),
    )


@login_required
def draw_run(request, pk):
    meeting = get_meeting_for_committee(request.user, pk)
    return _confirmed(
        request,
        meeting,
        title=_("抽取专家"),
        text=_("随机种子摘要：%s。确认抽取？抽取后公布种子，任何人可据此复核抽取结果。") % meeting.seed_hash,
        button=_("抽取"),
        fn=services.run_draw,
        ok=_("专家已抽取，随机种子已公布。"),
    )


@login_required
@require_POST
def attendance(request, pk):
    meeting = get_meeting_for_committee(request.user, pk)
    return _act(
        request,
        meeting,
        services.record_attendance,
        _("签到已保存。"),
        present_ids=[i for i in request.POST.getlist("present") if i.isdigit()],
        chair_id=request.POST.get("chair") or None,
        vice_id=request.POST.get("vice") or None,
    )


@login_required
@require_POST
def reserve_call(request, pk):
    meeting = get_meeting_for_committee(request.user, pk)
    member_id = request.POST.get("member", "")
    return _act(
        request,
        meeting,
        services.call_reserve,
        _("已由备选专家递补。"),
        member_id=int(member_id) if member_id.isdigit() else 0,
    )


@login_required
def meeting_open(request, pk):
    meeting = get_meeting_for_committee(request.user, pk)
    q = services.quorum(meeting)
    return _confirmed(
        request,
        meeting,
        title=_("开始会议"),
        text=_("应出席%(m)d人，实到%(p)d人。确认开始评审？") % {"m": q["members"], "p": q["present"]},
        button=_("开始会议"),
        fn=services.open_meeting,
        ok=_("会议已开始，专家可以投票。"),
    )


@login_required
def candidate_close(request, pk, cid):
    meeting = get_meeting_for_committee(request.user, pk)
    candidate = _candidate(meeting, cid)
    return _confirmed(
        request,
        meeting,
        title=_("结束投票"),
        text=_("确认结束对%s的投票并计票？结束后不能再投票。") % candidate.application.applicant.display_name,
        button=_("结束投票"),
        fn=lambda m, by: voting.close_voting(candidate, by=by),
        ok=_("投票已结束，结果已通知申报人。"),
    )


@login_required
def paper_ballot(request, pk, cid):
    """The secretary enters a present member's paper ballot."""
    meeting = get_meeting_for_committee(request.user, pk)
    candidate = _candidate(meeting, cid)
    pending = (
        voting.voters(candidate).exclude(ballots_cast__candidate=candidate).select_related("expert__user")
    )
    form = BallotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        member = get_object_or_404(pending, pk=request.POST.get("member", 0))
        try:
            voting.cast_ballot(candidate, member=member, choice=form.cleaned_data["choice"], by=request.user)
        except services.MeetingError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("纸质选票已录入。"))
        return redirect("meetings:paper", pk, cid)
    return render(
        request,
        "meetings/paper_ballot.html",
        {"meeting": meeting, "candidate": candidate, "pending": pending, "form": form},
    )


@login_required
@require_POST
def order_withdrawal(request, pk, cid):
    meeting = get_meeting_for_committee(request.user, pk)
    candidate = _candidate(meeting, cid)
    member = get_object_or_404(Member, meeting=meeting, pk=request.POST.get("member", 0))
    form = WithdrawForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _act(
        request,
        meeting,
        lambda m, by: voting.withdraw(candidate, member=member, by=by, reason=reason, ordered=True),
        _("已记录回避。"),
    )


@login_required
def meeting_record(request, pk):
    """The meeting's record: attendance, chair, candidates, tallies, withdrawals, the draw."""
    meeting = get_meeting_for_committee(request.user, pk)
    return render(
        request,
        "meetings/meeting_record.html",
        {
            "meeting": meeting,
            "members": meeting.members.select_related("expert__user", "specialty"),
            "candidates": meeting.candidates.select_related(
                "application__applicant", "application__qualification__specialty"
            ),
            "withdrawals": meeting.withdrawals.select_related(
                "expert__user", "candidate__application__applicant"
            ),
            "result": services.stored_result(meeting) if meeting.seed_revealed else [],
            "minutes": documents.latest(meeting, minutes.KIND),
        },
    )


@login_required
@require_POST
def minutes_request(request, pk):
    """A new version of the 评审会议纪要 (e.g. after a correction); the page shows its progress."""
    meeting = get_meeting_for_committee(request.user, pk)
    if meeting.drawn_at is None:
        messages.error(request, _("专家抽取后才能生成会议纪要。"))
        return redirect("meetings:record", pk)
    minutes.request_minutes(meeting, by=request.user)
    messages.success(request, _("已开始生成会议纪要。"))
    return redirect("meetings:record", pk)


@login_required
def stats(request):
    committee = request.user.primary_organisation(OrgKind.COMMITTEE)
    if committee is None:
        raise Http404
    return render(request, "meetings/stats.html", {"committee": committee, **voting.statistics(committee)})


# ---- experts: 我的评审任务 and the ballot -----------------------------------------------------------------
@login_required
def my_tasks(request):
    assignments = Member.objects.filter(expert__user=request.user).select_related(
        "meeting__committee", "specialty"
    )
    if not assignments.exists() and not request.user.expert_records.exists():
        raise Http404
    return render(request, "meetings/my_tasks.html", {"assignments": assignments})


@login_required
def ballot(request, pk):
    member = get_member_for_expert(request.user, pk)
    meeting = member.meeting
    return render(
        request,
        "meetings/ballot.html",
        {
            "member": member,
            "meeting": meeting,
            "rows": voting.ballots_status(meeting, member),
            "choices": Choice.choices,
            "withdraw_form": WithdrawForm(),
        },
    )


@login_required
def ballot_cast(request, pk, cid):
    """Choose → confirm (a ballot cannot be changed) → POST with confirm=1 casts it."""
    member = get_member_for_expert(request.user, pk)
    candidate = _candidate(member.meeting, cid)
    if request.method != "POST":
        return redirect("meetings:ballot", pk)
    form = BallotForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择同意、不同意或弃权。"))
        return redirect("meetings:ballot", pk)
    choice = form.cleaned_data["choice"]
    if request.POST.get("confirm") != "1":
        return confirm_page(
            request,
            title=_("确认投票"),
            text=_("对%(name)s投“%(choice)s”票？投票后不能更改。")
            % {"name": candidate.application.applicant.display_name, "choice": Choice(choice).label},
            button=_("确认投票"),
            cancel_url=reverse("meetings:ballot", args=[pk]),
            hidden={"choice": choice},
        )
    try:
        voting.cast_ballot(candidate, member=member, choice=choice, by=request.user)
    except services.MeetingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("投票成功。"))
    return redirect("meetings:ballot", pk)


@login_required
@require_POST
def declare_withdrawal(request, pk, cid):
    member = get_member_for_expert(request.user, pk)
    candidate = _candidate(member.meeting, cid)
    form = WithdrawForm(request.POST)
    try:
        voting.withdraw(
            candidate,
            member=member,
            by=request.user,
            reason=form.cleaned_data["reason"] if form.is_valid() else "",
        )
    except services.MeetingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已申请回避，您不参加对该评审对象的表决。"))
    return redirect("meetings:ballot", pk)

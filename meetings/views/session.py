"""The meeting day: 签到, 递补, 开始会议, 结束投票, 纸质选票 and 回避."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhicheng.errors import PlatformError

from .. import services, voting
from ..forms import BallotForm, WithdrawForm
from ..models import Member
from .common import act, candidate_of, confirmed, get_meeting_for_committee


@login_required
@require_POST
def attendance(request, pk):
    meeting = get_meeting_for_committee(request.user, pk)
    return act(
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
    return act(
        request,
        meeting,
        services.call_reserve,
        _("已由备选专家递补。"),
        member_id=int(member_id) if member_id.isdigit() else 0,
    )


@login_required
def candidate_close(request, pk, cid):
    meeting = get_meeting_for_committee(request.user, pk)
    candidate = candidate_of(meeting, cid)
    return confirmed(
        request,
        meeting,
        title=_("结束投票"),
        text=_("确认结束对%s的投票并计票？结束后不能再投票。") % candidate.application.applicant.display_name,
        button=_("结束投票"),
        fn=lambda m, by: voting.close_voting(candidate, by=by),
        ok=_("投票已结束，结果已通知申报人。"),
    )


def _member_id(request):
    """The posted member id; anything but digits finds no member (404), never a 500."""
    value = request.POST.get("member", "")
    return int(value) if value.isdigit() and len(value) < 12 else 0


@login_required
def paper_ballot(request, pk, cid):
    """The secretary enters a present member's paper ballot."""
    meeting = get_meeting_for_committee(request.user, pk)
    candidate = candidate_of(meeting, cid)
    pending = (
        voting.voters(candidate).exclude(ballots_cast__candidate=candidate).select_related("expert__user")
    )
    form = BallotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        member = get_object_or_404(pending, pk=_member_id(request))
        try:
            voting.cast_ballot(candidate, member=member, choice=form.cleaned_data["choice"], by=request.user)
        except PlatformError as exc:
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
    candidate = candidate_of(meeting, cid)
    member = get_object_or_404(Member, meeting=meeting, pk=_member_id(request))
    form = WithdrawForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return act(
        request,
        meeting,
        lambda m, by: voting.withdraw(candidate, member=member, by=by, reason=reason, ordered=True),
        _("已记录回避。"),
    )

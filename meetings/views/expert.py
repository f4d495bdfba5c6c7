"""Experts: 我的评审任务 and the ballot."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhicheng.errors import PlatformError
from zhicheng.views import confirm_page

from .. import voting
from ..constants import Choice
from ..forms import BallotForm, WithdrawForm
from ..models import Member
from .common import candidate_of, get_member_for_expert


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
    candidate = candidate_of(member.meeting, cid)
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
    except PlatformError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("投票成功。"))
    return redirect("meetings:ballot", pk)


@login_required
@require_POST
def declare_withdrawal(request, pk, cid):
    member = get_member_for_expert(request.user, pk)
    candidate = candidate_of(member.meeting, cid)
    form = WithdrawForm(request.POST)
    try:
        voting.withdraw(
            candidate,
            member=member,
            by=request.user,
            reason=form.cleaned_data["reason"] if form.is_valid() else "",
        )
    except PlatformError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已申请回避，您不参加对该评审对象的表决。"))
    return redirect("meetings:ballot", pk)

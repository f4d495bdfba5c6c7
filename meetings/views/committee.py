"""评审会议 of a committee: list, create, detail, and the set-up before the draw (评审对象, 抽取人数, 备案, 抽取专家)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.constants import OrgKind
from zhicheng.errors import PlatformError

from .. import services, voting
from ..constants import MemberRole
from ..forms import MeetingForm, QuotaForm
from ..models import BallotCast, Meeting
from .common import act, committees_of, get_meeting_for_committee


# ---- committee: list, create, detail ------------------------------------------------------------------
@login_required
def meeting_list(request):
    committees = list(committees_of(request.user))
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
        except PlatformError as exc:
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
    return act(
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
    return act(
        request,
        meeting,
        services.set_quota,
        _("抽取人数已保存。"),
        specialty_id=d["specialty"],
        members=d["members"],
        reserves=d["reserves"] or 0,
    )

"""The meeting's record, the 评审会议纪要 and 统计."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.constants import OrgKind
from zhicheng import documents

from .. import minutes, services, voting
from .common import get_meeting_for_committee


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

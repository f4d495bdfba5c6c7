"""What the meeting screens share: the loaders (committee staff see their committee's meetings; an expert only the meetings of their own assignment rows, never through organisation groups; everyone else 404) and the act / confirm-then-act helpers."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from accounts.constants import OrgKind
from zhicheng.errors import PlatformError
from zhicheng.views import confirm_page

from ..models import Candidate, Meeting, Member


# ---- loaders -------------------------------------------------------------------------------------------
def committees_of(user):
    return user.organisations(OrgKind.COMMITTEE)


def get_meeting_for_committee(user, pk):
    qs = Meeting.objects.filter(committee__in=committees_of(user)).select_related(
        "committee", "filing", "record"
    )
    return get_object_or_404(qs, pk=pk)


def get_member_for_expert(user, pk):
    """The expert's own assignment row on meeting `pk` (anyone not drawn for it → 404)."""
    qs = Member.objects.filter(meeting_id=pk, expert__user=user).select_related(
        "meeting__committee", "expert"
    )
    return get_object_or_404(qs, meeting_id=pk)


def candidate_of(meeting, cid):
    return get_object_or_404(
        Candidate.objects.select_related("application__applicant"), meeting=meeting, pk=cid
    )


def act(request, meeting, fn, ok, **kwargs):
    try:
        fn(meeting, by=request.user, **kwargs)
    except PlatformError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, ok)
    return redirect("meetings:detail", meeting.pk)


def confirmed(request, meeting, *, title, text, button, fn, ok, **kwargs):
    if request.method == "POST":
        return act(request, meeting, fn, ok, **kwargs)
    return confirm_page(
        request,
        title=title,
        text=text,
        button=button,
        cancel_url=reverse("meetings:detail", args=[meeting.pk]),
    )

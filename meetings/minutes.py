"""会议纪要: the meeting's record as a PDF through the document pipeline (zhicheng.documents),
kept with its SHA-256; and the 评审表's 评审委员会 box, filled through the hook applications
leaves (applications.review_form.set_result_provider), so applications never imports meetings."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.constants import OrgKind
from zhicheng import audit, documents

from .constants import ChairRole, MemberRole
from .models import Candidate, Meeting

KIND = "meeting_minutes"


def minutes_context(meeting, doc):
    meeting = Meeting.objects.select_related("committee", "filing", "record").get(pk=meeting.pk)
    members = list(
        meeting.members.select_related("expert__user", "specialty").order_by(
            "role", "specialty__code", "rank"
        )
    )
    return {
        "meeting": meeting,
        "members": [m for m in members if m.seated],
        "reserves": [m for m in members if not m.seated],
        "chair": next((m for m in members if m.chair_role == ChairRole.CHAIR), None),
        "vice": next((m for m in members if m.chair_role == ChairRole.VICE), None),
        "candidates": meeting.candidates.select_related(
            "application__applicant", "application__qualification__specialty"
        ),
        "withdrawals": meeting.withdrawals.select_related(
            "expert__user", "candidate__application__applicant"
        ),
        "present_n": sum(1 for m in members if m.seated and m.present),
    }


def may_download(user, meeting):
    return (
        user.is_authenticated
        and user.organisations(OrgKind.COMMITTEE).filter(pk=meeting.committee_id).exists()
    )


@transaction.atomic
def request_minutes(meeting, *, by):
    """A new version of the minutes (inside the caller's transaction; rendered after commit)."""
    doc = documents.request_document(meeting, KIND, by=by)
    audit.log(
        "meetings.minutes.requested", meeting, by=by, org=meeting.committee, data={"version": doc.version}
    )
    return doc


def result_for(app):
    """The 评审委员会 box of the 评审表, once a meeting closed voting on this application."""
    cand = (
        Candidate.objects.filter(application=app, voting_closed=True)
        .select_related("meeting")
        .order_by("-pk")
        .first()
    )
    if cand is None:
        return None
    members = cand.meeting.members.filter(role=MemberRole.MEMBER)
    chair = members.filter(chair_role=ChairRole.CHAIR).select_related("expert__user").first()
    return {
        "meeting_date": cand.meeting.meeting_date,
        "members": members.count(),
        "present": cand.present,
        "votes_for": cand.agree,
        "votes_against": cand.disagree,
        "abstain": cand.abstain,
        "passed": bool(cand.passed),
        "chair": chair.expert.user.display_name if chair else "",
    }


def register():
    documents.register(
        KIND,
        label=_("评审会议纪要"),
        template="meetings/pdf/minutes.html",
        context=minutes_context,
        can_download=may_download,
        holder=lambda meeting: meeting.committee.name,
        number=lambda meeting: meeting.record.serial_no if meeting.record_id else f"HY{meeting.pk:06d}",
        filename=lambda doc: f"评审会议纪要-{doc.number}-v{doc.version}.pdf",
    )
    from applications import review_form

    review_form.set_result_provider(result_for)

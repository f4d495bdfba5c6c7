"""A committee with accepted applications, an expert database and meetings in every state, all built
through the services the screens call (meeting_in(state, cast) / Setup(cast).<state>())."""

from django.utils import timezone

from filings import services as filing_services
from meetings import services, voting
from meetings.models import Member
from tests.applications.factories import accepted_application, open_item
from tests.experts.factories import expert
from tests.filings.factories import office_user_for

__all__ = ["Setup", "accepted_application", "closed_meeting", "meeting_in", "members", "vote_all"]


class Setup:
    """An open window of the committee, `candidates` applications at 通过形式审核 in it and
    `experts + reserves` serving experts of its specialty. Each method walks a (new) meeting one
    state further: meeting → filed → drawn → opened → closed."""

    def __init__(self, cast, *, candidates=1, experts=4, reserves=0, committee_key="committee_region"):
        self.cast = cast
        self.committee = cast["orgs"][committee_key]
        self.staff = cast["users"][committee_key]
        self.office = cast["users"]["office_region"]
        self.base = cast["orgs"]["base_short"]
        self.item = open_item(self.committee, self.staff)
        self.specialty = self.item.qualification.specialty
        self.apps = [accepted_application(self.item, self.base) for _ in range(candidates)]
        self.experts = [expert(self.committee, self.specialty) for _ in range(experts + reserves)]
        self.members_n, self.reserves_n = experts, reserves

    def meeting(self, **kw):
        return services.create_meeting(
            self.committee,
            by=self.staff,
            filing=self.item.filing,
            title="示例评审会议",
            meeting_date=kw.get("meeting_date", timezone.localdate()),
        )

    def filed(self, meeting=None):
        meeting = meeting or self.meeting()
        services.set_quota(
            meeting,
            by=self.staff,
            specialty_id=self.specialty.pk,
            members=self.members_n,
            reserves=self.reserves_n,
        )
        services.file_meeting(meeting, by=self.staff)
        meeting.refresh_from_db()
        record = meeting.record
        filing_services.accept_filing(
            record, by=office_user_for(record), expected_step_id=record.current_step_id
        )
        meeting.refresh_from_db()
        return meeting

    def drawn(self, meeting=None):
        meeting = self.filed(meeting)
        services.prepare_draw(meeting, by=self.staff)
        services.run_draw(meeting, by=self.staff)
        meeting.refresh_from_db()
        return meeting

    def opened(self, present=None, meeting=None):
        meeting = self.drawn(meeting)
        members = list(meeting.members.filter(role="member").order_by("pk"))
        here = members[: present if present is not None else len(members)]
        services.record_attendance(
            meeting, by=self.staff, present_ids=[m.pk for m in here], chair_id=here[0].pk
        )
        services.open_meeting(meeting, by=self.staff)
        meeting.refresh_from_db()
        return meeting

    def closed(self, meeting=None, *, choice="agree"):
        """Every present member votes `choice` on every candidate (voting.cast_ballot), the
        secretary closes each vote; the last close_voting closes the meeting."""
        meeting = self.opened(meeting=meeting)
        for candidate in meeting.candidates.order_by("pk"):
            vote_all(candidate, [choice] * len(members(meeting)))
            voting.close_voting(candidate, by=self.staff)
        meeting.refresh_from_db()
        return meeting


def members(meeting, present=True):
    return list(
        Member.objects.filter(meeting=meeting, role="member", present=present).select_related("expert__user")
    )


def vote_all(candidate, votes):
    """votes: list of choices, one per present member in order."""
    for member, choice in zip(members(candidate.meeting), votes, strict=False):
        voting.cast_ballot(candidate, member=member, choice=choice, by=member.expert.user)


MEETING_STATES = ("draft", "filed", "drawn", "open", "closed")


def meeting_in(state, cast, *, candidates=1, experts=3, **kw):
    """A meeting in `state` ("draft", "filed" — its 评审会议备案 accepted —, "drawn", "open",
    "closed" — every candidate passed), on a new window of the committee."""
    assert state in MEETING_STATES, state
    s = Setup(cast, candidates=candidates, experts=experts, **kw)
    build = {"draft": s.meeting, "filed": s.filed, "drawn": s.drawn, "open": s.opened, "closed": s.closed}
    return build[state]()


def closed_meeting(cast, n=2, *, committee_key="committee_region"):
    """A closed meeting whose n candidates passed (three experts, all 同意); its committee's staff
    publish its 公示."""
    return meeting_in("closed", cast, candidates=n, committee_key=committee_key)

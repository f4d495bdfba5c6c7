"""A committee with accepted applications, an expert database and meetings in every state, all built
through the services the screens call (meeting_in(state, cast) / Setup(cast).<state>())."""

import datetime as dt

from django.utils import timezone

from filings import services as filing_services
from meetings import services, voting
from meetings.models import Member
from tests.applications.factories import accepted_application, open_item
from tests.experts.factories import expert
from tests.filings.factories import office_user_for

__all__ = [
    "Setup",
    "accepted_application",
    "closed_meeting",
    "hold_meeting",
    "meeting_in",
    "members",
    "vote_all",
]


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
        return file_and_accept(
            meeting or self.meeting(),
            by=self.staff,
            members=self.members_n,
            reserves=self.reserves_n,
            specialty=self.specialty,
        )

    def drawn(self, meeting=None):
        return draw(self.filed(meeting), by=self.staff)

    def opened(self, present=None, meeting=None):
        return open_with(self.drawn(meeting), by=self.staff, present=present)

    def closed(self, meeting=None, *, choice="agree"):
        return close_with(self.opened(meeting=meeting), by=self.staff, choice=choice)


# ---- the steps, as the committee's screens take them ---------------------------------------------
def file_and_accept(meeting, *, by, members, reserves=0, specialty=None):
    """抽取人数 for the specialty (default: every specialty of the candidates), 评审会议备案, and its
    acceptance by the title office that holds it."""
    specialties = [specialty.pk] if specialty else list(meeting.quotas.values_list("specialty_id", flat=True))
    for specialty_id in specialties:
        services.set_quota(meeting, by=by, specialty_id=specialty_id, members=members, reserves=reserves)
    services.file_meeting(meeting, by=by)
    meeting.refresh_from_db()
    record = meeting.record
    filing_services.accept_filing(record, by=office_user_for(record), expected_step_id=record.current_step_id)
    meeting.refresh_from_db()
    return meeting


def draw(meeting, *, by):
    services.prepare_draw(meeting, by=by)
    services.run_draw(meeting, by=by)
    meeting.refresh_from_db()
    return meeting


def open_with(meeting, *, by, present=None):
    """签到 of the first `present` members (all by default), the first chairs; 开始会议."""
    drawn = list(meeting.members.filter(role="member").order_by("pk"))
    here = drawn[: present if present is not None else len(drawn)]
    services.record_attendance(meeting, by=by, present_ids=[m.pk for m in here], chair_id=here[0].pk)
    services.open_meeting(meeting, by=by)
    meeting.refresh_from_db()
    return meeting


def close_with(meeting, *, by, choice="agree"):
    """Every present member votes `choice` on every candidate (voting.cast_ballot), the secretary
    closes each vote; the last close_voting closes the meeting."""
    for candidate in meeting.candidates.order_by("pk"):
        vote_all(candidate, [choice] * len(members(meeting)))
        voting.close_voting(candidate, by=by)
    meeting.refresh_from_db()
    return meeting


def hold_meeting(apps, *, by, experts=3, meeting_date=None, choice="agree"):
    """A meeting of the committee on these applications (at 通过形式审核, one filing), held through
    the services until its last vote closed: the results are on the applications as voting left them."""
    item = apps[0].filing_item
    committee, specialty = apps[0].committee, item.qualification.specialty
    day = meeting_date or timezone.localdate()
    for _i in range(experts):
        expert(committee, specialty, term_start=day - dt.timedelta(days=30))
    meeting = services.create_meeting(
        committee, by=by, filing=item.filing, title="示例评审会议", meeting_date=day
    )
    services.set_candidates(meeting, by=by, application_ids=[a.pk for a in apps])
    meeting = open_with(draw(file_and_accept(meeting, by=by, members=experts), by=by), by=by)
    return close_with(meeting, by=by, choice=choice)


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

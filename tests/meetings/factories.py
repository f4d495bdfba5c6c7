"""A committee with accepted applications, an expert database and meetings in every state."""

from django.utils import timezone

from applications import services as app_services
from applications.models import Application
from filings import services as filing_services
from meetings import services, voting
from meetings.models import Member
from tests.applications.factories import fill, open_item
from tests.experts.factories import expert, person
from zhicheng.workflow import ChainState


def accepted_application(item, base_unit, applicant=None):
    """An application at 通过形式审核 (the chain itself is walked in test_flow and the browser test)."""
    applicant = applicant or person("申报人")
    app = app_services.create_application(by=applicant, filing_item_id=item.pk)
    fill(app, base_unit)
    Application.objects.filter(pk=app.pk).update(state=ChainState.ACCEPTED, current_org=None)
    app.refresh_from_db()
    return app


class Setup:
    def __init__(self, cast, *, candidates=1, experts=4, reserves=0):
        self.cast = cast
        self.committee = cast["orgs"]["committee_region"]
        self.staff = cast["users"]["committee_region"]
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

    def filed(self, meeting):
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
        filing_services.accept_filing(record, by=self.office, expected_step_id=record.current_step_id)
        meeting.refresh_from_db()
        return meeting

    def drawn(self, meeting=None):
        meeting = self.filed(meeting or self.meeting())
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


def members(meeting, present=True):
    return list(
        Member.objects.filter(meeting=meeting, role="member", present=present).select_related("expert__user")
    )


def vote_all(candidate, votes):
    """votes: list of choices, one per present member in order."""
    for member, choice in zip(members(candidate.meeting), votes, strict=False):
        voting.cast_ballot(candidate, member=member, choice=choice, by=member.expert.user)


def closed_meeting(cast, n=2, *, committee_key="committee_region"):
    """A closed meeting whose n candidates passed, written as voting.close_voting leaves it (the
    voting itself is tested in test_rules); its committee's staff publish its 公示."""
    from meetings.constants import MeetingState
    from meetings.models import Candidate, Meeting

    committee, staff = cast["orgs"][committee_key], cast["users"][committee_key]
    item = open_item(committee, staff)
    base = cast["orgs"]["base_short"]
    apps = [accepted_application(item, base) for _ in range(n)]
    Application.objects.filter(pk__in=[a.pk for a in apps]).update(review_result="passed")
    meeting = Meeting.objects.create(
        committee=committee,
        filing=item.filing,
        title="示例评审会议",
        meeting_date=timezone.localdate(),
        state=MeetingState.CLOSED,
        created_by=staff,
    )
    Candidate.objects.bulk_create(
        Candidate(meeting=meeting, application=a, voting_closed=True, passed=True) for a in apps
    )
    return meeting

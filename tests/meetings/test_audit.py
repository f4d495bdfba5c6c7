"""Every experts/meetings service writes one audit entry; a ballot's entry never says how."""

import pytest

from meetings import voting
from zhicheng import audit
from zhicheng.audit import AuditEntry

from .factories import Setup, members

pytestmark = pytest.mark.django_db


def test_the_meeting_services_are_logged_and_ballot_entries_keep_the_secret(cast):
    s = Setup(cast, experts=3)
    meeting = s.opened()
    cand = meeting.candidates.get()
    a, b, c = members(meeting)
    voting.cast_ballot(cand, member=a, choice="agree", by=a.expert.user)
    voting.cast_ballot(cand, member=b, choice="disagree", by=s.staff)  # a paper ballot
    voting.withdraw(cand, member=c, by=c.expert.user, reason="曾为申报人同事")
    voting.close_voting(cand, by=s.staff)

    actions = list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))
    for expected in (
        "experts.expert.added",
        "meetings.meeting.created",
        "meetings.meeting.quota_set",
        "filings.filing.created",
        "meetings.meeting.filed",
        "meetings.meeting.seed_hash_published",
        "meetings.meeting.drawn",
        "meetings.meeting.attendance_recorded",
        "meetings.meeting.opened",
        "meetings.ballot.cast",
        "meetings.withdrawal.recorded",
        "meetings.candidate.voting_closed",
        "meetings.meeting.closed",
    ):
        assert expected in actions, expected
    ballots = list(AuditEntry.objects.filter(action="meetings.ballot.cast").order_by("pk"))
    assert [e.data["paper"] for e in ballots] == [False, True]
    for e in ballots:
        text = str(e.data)
        assert not any(word in text for word in ("agree", "disagree", "abstain", "同意", "弃权"))
    drawn = AuditEntry.objects.get(action="meetings.meeting.drawn")
    assert drawn.data["seed"] == meeting.seed and drawn.organisation == s.committee
    assert audit.verify() is None

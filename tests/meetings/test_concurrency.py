"""Ballots at the same instant, on PostgreSQL with real threads (one connection each)."""

import threading

import pytest
from django.db import connection

from meetings import voting
from meetings.models import BallotCast, Candidate, Member
from meetings.services import MeetingError

from .factories import Setup, members

pytestmark = pytest.mark.django_db(transaction=True)


def _race(calls):
    barrier = threading.Barrier(len(calls))
    outcomes = []

    def run(fn):
        try:
            barrier.wait()
            fn()
            outcomes.append("ok")
        except MeetingError as exc:
            outcomes.append(str(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(fn,)) for fn in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(outcomes)


def _ballot(cand_pk, member_pk, choice):
    def cast():
        cand = Candidate.objects.get(pk=cand_pk)
        member = Member.objects.select_related("expert__user").get(pk=member_pk)
        voting.cast_ballot(cand, member=member, choice=choice, by=member.expert.user)

    return cast


def test_two_experts_voting_at_the_same_instant_both_count(cast):
    s = Setup(cast, experts=3)
    meeting = s.opened()
    cand = meeting.candidates.get()
    a, b, _c = members(meeting)
    assert _race([_ballot(cand.pk, a.pk, "agree"), _ballot(cand.pk, b.pk, "agree")]) == ["ok", "ok"]
    assert voting.tally(cand) == {"agree": 2, "disagree": 0, "abstain": 0}
    assert BallotCast.objects.filter(candidate=cand).count() == 2


def test_a_double_submitted_ballot_counts_once(cast):
    s = Setup(cast, experts=3)
    meeting = s.opened()
    cand = meeting.candidates.get()
    a = members(meeting)[0]
    outcomes = _race([_ballot(cand.pk, a.pk, "agree"), _ballot(cand.pk, a.pk, "disagree")])
    assert outcomes == ["ok", "已投票，选票不能更改。"]
    assert sum(voting.tally(cand).values()) == 1
    assert BallotCast.objects.filter(candidate=cand, member=a).count() == 1


def test_closing_the_vote_while_the_last_ballot_arrives_never_loses_it(cast):
    s = Setup(cast, experts=3)
    meeting = s.opened()
    cand = meeting.candidates.get()
    a, b, c = members(meeting)
    for m in (a, b):
        voting.cast_ballot(cand, member=m, choice="agree", by=m.expert.user)

    def close():
        voting.close_voting(Candidate.objects.get(pk=cand.pk), by=s.staff)

    outcomes = _race([_ballot(cand.pk, c.pk, "disagree"), close])
    cand.refresh_from_db()
    if cand.voting_closed:  # the ballot came first, then the close counted it
        assert outcomes == ["ok", "ok"] and (cand.agree, cand.disagree, cand.present) == (2, 1, 3)
    else:  # the close came first and refused: one voter had not voted yet
        assert "还有1位出席专家未投票，不能结束投票。" in outcomes
        assert sum(voting.tally(cand).values()) == 3

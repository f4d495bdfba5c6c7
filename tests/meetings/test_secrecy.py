"""Ballot secrecy, read from the database schema itself: the table that records who voted and the
table that records what was voted share no column but the candidate, carry no time, and use random
keys, so neither a join nor an ordering pairs a voter with a choice."""

import pytest
from django.db import connection

from meetings import voting
from meetings.models import BallotCast, VoteCount

from .factories import Setup, members

pytestmark = pytest.mark.django_db


def _columns(model):
    with connection.cursor() as cur:
        desc = connection.introspection.get_table_description(cur, model._meta.db_table)
    return {c.name: c for c in desc}


def test_no_column_or_ordering_joins_a_voter_to_a_vote(cast):
    cast_cols, vote_cols = _columns(BallotCast), _columns(VoteCount)
    assert set(cast_cols) == {"id", "candidate_id", "member_id"}
    assert set(vote_cols) == {"id", "candidate_id", "choice", "count"}
    assert set(cast_cols) & set(vote_cols) == {"id", "candidate_id"}
    # no time anywhere, and no sequence: both keys are random UUIDs
    for model in (BallotCast, VoteCount):
        with connection.cursor() as cur:
            cur.execute(
                "SELECT column_name, data_type, column_default FROM information_schema.columns WHERE table_name=%s",
                [model._meta.db_table],
            )
            types = {name: (data_type, default) for name, data_type, default in cur.fetchall()}
        assert not any("time" in t or "date" in t or "interval" in t for t, _d in types.values())
        assert types["id"] == ("uuid", None)
        assert all(d is None or "nextval" not in d for _t, d in types.values())
    # the vote table holds no user, no member, no expert
    assert not any(n in vote_cols for n in ("member_id", "user_id", "expert_id", "voter_id"))


def test_after_voting_the_vote_table_holds_counts_only(cast):
    s = Setup(cast, experts=3)
    meeting = s.opened()
    cand = meeting.candidates.get()
    for member, choice in zip(members(meeting), ["agree", "disagree", "agree"], strict=True):
        voting.cast_ballot(cand, member=member, choice=choice, by=member.expert.user)
    # one row per choice whatever the number of voters: no row per vote exists to be ordered
    rows = list(VoteCount.objects.filter(candidate=cand).values_list("choice", "count"))
    assert sorted(rows) == [("abstain", 0), ("agree", 2), ("disagree", 1)]
    assert BallotCast.objects.filter(candidate=cand).count() == 3
    # nothing in the voted-table says how: only that a member voted on a candidate
    assert set(BallotCast.objects.filter(candidate=cand).values_list("member__present", flat=True)) == {True}

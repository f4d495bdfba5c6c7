import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.services import create_organisation
from accounts.synthetic import make_credit_code
from experts import services as expert_services
from meetings import draw, services
from meetings.models import Member, Withdrawal
from meetings.services import MeetingError
from tests.experts.factories import expert

from .factories import Setup

pytestmark = pytest.mark.django_db


def test_the_hash_is_published_before_and_the_seed_after_the_draw(cast):
    s = Setup(cast, experts=3, reserves=2)
    meeting = s.filed(s.meeting())
    services.prepare_draw(meeting, by=s.staff)
    meeting.refresh_from_db()
    assert len(meeting.seed_hash) == 64 and not meeting.seed_revealed
    first_hash = meeting.seed_hash
    services.prepare_draw(meeting, by=s.staff)  # idempotent: the published hash never changes
    meeting.refresh_from_db()
    assert meeting.seed_hash == first_hash
    services.run_draw(meeting, by=s.staff)
    meeting.refresh_from_db()
    assert meeting.seed_revealed and draw.seed_hash(meeting.seed) == first_hash
    assert (
        meeting.members.filter(role="member").count() == 3
        and meeting.members.filter(role="reserve").count() == 2
    )


def test_the_draw_is_reproducible_from_the_revealed_seed_and_differs_for_another(cast):
    s = Setup(cast, experts=3, reserves=1)
    s.experts += [expert(s.committee, s.specialty) for _ in range(8)]
    meeting = s.drawn()
    recorded = services.stored_result(meeting)
    assert draw.run(meeting.seed, meeting.eligible) == recorded
    others = {json.dumps(draw.run(draw.new_seed(), meeting.eligible)) for _ in range(5)}
    assert any(o != json.dumps(recorded) for o in others)
    out = io.StringIO()
    call_command("verify_draw", str(meeting.pk), stdout=out)
    assert "复核一致" in out.getvalue()
    out = io.StringIO()
    call_command("verify_draw", str(meeting.pk), "--seed", "0" * 64, stdout=out)
    assert "不符" in out.getvalue()


def test_verify_draw_notices_a_tampered_result(cast):
    s = Setup(cast, experts=2, reserves=2)
    meeting = s.drawn()
    member = meeting.members.get(role="member", rank=1)
    reserve = meeting.members.get(role="reserve", rank=1)
    Member.objects.filter(pk=member.pk).update(role="reserve")
    Member.objects.filter(pk=reserve.pk).update(role="member")
    with pytest.raises(CommandError, match="不一致"):
        call_command("verify_draw", str(meeting.pk), stdout=io.StringIO())


def test_an_offline_verification_from_a_published_file(cast, tmp_path):
    s = Setup(cast, experts=2)
    meeting = s.drawn()
    path = tmp_path / "draw.json"
    path.write_text(
        json.dumps(
            {
                "seed": meeting.seed,
                "seed_hash": meeting.seed_hash,
                "eligible": meeting.eligible,
                "result": services.stored_result(meeting),
            }
        ),
        encoding="utf-8",
    )
    out = io.StringIO()
    call_command("verify_draw", "--file", str(path), stdout=out)
    assert "复核一致" in out.getvalue()


def test_conflicts_from_id_numbers_and_credit_codes_exclude_experts_with_the_reason(cast):
    s = Setup(cast, experts=2, candidates=1)
    app = s.apps[0]
    applicant = app.applicant
    base = s.base  # the candidate's employer now
    region = base.region
    other_unit = create_organisation(
        approved=True,
        name="示例设计院",
        kind="base_unit",
        region=region,
        credit_code=make_credit_code(77, "650100"),
    )
    old_unit = create_organisation(
        approved=True,
        name="示例研究所",
        kind="base_unit",
        region=region,
        credit_code=make_credit_code(78, "650100"),
    )
    today = dt.date.today()
    # the candidate himself is in the database
    himself = expert(s.committee, s.specialty, user=applicant)
    # works at the candidate's employer now
    colleague = expert(s.committee, s.specialty, employer=base)
    # worked at the candidate's employer until 2 years ago
    former = expert(s.committee, s.specialty, employer=other_unit)
    expert_services.add_employment(
        former.user,
        by=s.staff,
        name=base.name,
        credit_code=base.credit_code,
        start=dt.date(2010, 1, 1),
        end=today - dt.timedelta(days=730),
    )
    # left the candidate's employer 4 years ago: no conflict
    long_ago = expert(s.committee, s.specialty, employer=other_unit)
    expert_services.add_employment(
        long_ago.user,
        by=s.staff,
        name=base.name,
        credit_code=base.credit_code,
        start=dt.date(2005, 1, 1),
        end=today - dt.timedelta(days=4 * 366),
    )
    # the candidate worked (within 3 years) where this expert works now
    expert_services.add_employment(
        applicant,
        by=s.staff,
        name=old_unit.name,
        credit_code=old_unit.credit_code,
        start=dt.date(2015, 1, 1),
        end=today - dt.timedelta(days=300),
    )
    old_colleague = expert(s.committee, s.specialty, employer=old_unit)
    # declared the candidate as a relative
    relative = expert(s.committee, s.specialty, employer=other_unit)
    expert_services.add_relative(
        relative, by=s.staff, name=applicant.real_name, id_number=applicant.id_number, relation="配偶"
    )

    meeting = s.drawn()
    reasons = {}
    for w in Withdrawal.objects.filter(meeting=meeting, kind="draw"):
        reasons[w.expert_id] = reasons.get(w.expert_id, "") + w.reason + "；"
    assert "本人" in reasons[himself.pk]
    assert base.credit_code in reasons[colleague.pk] and base.credit_code in reasons[former.pk]
    assert old_unit.credit_code in reasons[old_colleague.pk]
    assert "近亲属" in reasons[relative.pk]
    assert long_ago.pk not in reasons
    eligible_codes = set(meeting.eligible[0]["experts"])
    assert long_ago.code in eligible_codes
    assert not eligible_codes & {e.code for e in (himself, colleague, former, old_colleague, relative)}
    drawn = set(meeting.members.values_list("expert_id", flat=True))
    assert not drawn & set(reasons)


def test_too_few_eligible_experts_refuse_the_draw_and_change_nothing(cast):
    s = Setup(cast, experts=2)
    meeting = s.filed(s.meeting())
    from meetings.models import Quota

    Quota.objects.filter(meeting=meeting).update(members=5)
    services.prepare_draw(meeting, by=s.staff)
    with pytest.raises(MeetingError, match="少于抽取人数"):
        services.run_draw(meeting, by=s.staff)
    meeting.refresh_from_db()
    assert meeting.state == "draft" and not meeting.members.exists() and not meeting.seed_revealed


def test_suspended_or_out_of_term_experts_are_not_eligible(cast):
    s = Setup(cast, experts=2)
    paused = expert(s.committee, s.specialty)
    expert_services.set_status(paused, by=s.staff, status="suspended")
    ended = expert(s.committee, s.specialty, term_start=dt.date(2020, 1, 1), term_end=dt.date(2022, 12, 31))
    meeting = s.drawn()
    codes = set(meeting.eligible[0]["experts"])
    assert paused.code not in codes and ended.code not in codes and len(codes) == 2

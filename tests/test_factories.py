"""The factories build through the services: what a test gets is what the screens would have made —
the step rows its state implies, the guardian rights of every organisation it reached, an audit entry
per change, and a hash chain that `manage.py verify_audit` accepts."""

from collections import Counter

import pytest
from django.core.management import call_command
from guardian.shortcuts import get_groups_with_perms

from applications.models import Application
from meetings.constants import MeetingState
from tests.applications.factories import application_in, open_item
from tests.meetings.factories import meeting_in
from zhicheng.audit import AuditEntry
from zhicheng.workflow import ChainStep, StepAction

# What filling the default template writes (基本信息, five required sections, one attachment).
FILLED = {"created": 1, "basic_changed": 1, "entry.added": 5, "attachment.added": 1}
# The chain of base_short's applications: 基层工作单位 → 地厅级材料接收部门 (dept) → 评审机构.
TRANSITIONS = {
    "draft": {},
    "in_review": {"submitted": 1},
    "returned": {"submitted": 1, "returned": 1},
    "closed": {"submitted": 3, "returned": 2, "closed": 1},
    "accepted": {
        "submitted": 1,
        "recommendation_saved": 1,
        "forwarded": 2,
        "materials_received": 1,
        "accepted": 1,
    },
}


def _verbs(obj):
    """Counter of the entries of `obj`, by the action's tail (applications.application.X → X,
    applications.entry.added → entry.added)."""
    out = Counter()
    for action in AuditEntry.objects.for_object(obj).values_list("action", flat=True):
        app_label, model, verb = action.split(".", 2)
        out[verb if model == type(obj)._meta.model_name else f"{model}.{verb}"] += 1
    return out


def _steps(app):
    return list(ChainStep.objects.filter(object_id=app.pk, content_type__model="application").order_by("seq"))


def _rights(app):
    return {
        group.name: sorted(p.split("_")[0] for p in perms)
        for group, perms in get_groups_with_perms(app, attach_perms=True).items()
    }


@pytest.fixture
def item(orgs, users):
    return open_item(orgs["committee_region"], users["committee_region"])


@pytest.mark.parametrize("state", list(TRANSITIONS))
def test_an_application_from_the_factory_has_the_audit_entries_steps_and_rights_of_its_state(
    state, item, orgs
):
    app = application_in(state, item, orgs["base_short"])
    assert app.state == state

    wanted = Counter(FILLED) + Counter(TRANSITIONS[state])
    got = _verbs(app)
    assert {k: got[k] for k in wanted} == dict(wanted)

    steps = _steps(app)
    base, dept, committee = orgs["base_short"], orgs["dept"], orgs["committee_region"]
    if state == "draft":
        assert steps == [] and _rights(app) == {}
    elif state == "in_review":
        assert [(s.position, s.action, s.started_at is not None) for s in steps] == [
            (0, StepAction.SUBMITTED, True),
            (1, StepAction.PENDING, True),
            (2, StepAction.PENDING, False),
            (3, StepAction.PENDING, False),
            (4, StepAction.PENDING, False),
        ]
        assert app.current_step_id == steps[1].pk and app.current_org_id == base.pk
        assert _rights(app) == {base.group.name: ["review", "view"]}
    elif state in ("returned", "closed"):
        rounds = {"returned": 1, "closed": 3}[state]
        assert app.chain_round == rounds and app.return_count == rounds
        # each round keeps its 上报 and the base unit's 回退; the steps it never reached are gone
        assert [(s.round, s.position, s.action) for s in steps] == [
            (r, p, a) for r in range(1, rounds + 1) for p, a in ((0, "submitted"), (1, "returned"))
        ]
        assert _rights(app) == {base.group.name: ["view"]}
    else:
        assert [(s.organisation_id, s.action) for s in steps] == [
            (None, StepAction.SUBMITTED),
            (base.pk, StepAction.FORWARDED),
            (dept.pk, StepAction.FORWARDED),
            (committee.pk, StepAction.ACCEPTED),
            (None, StepAction.REACHED),
        ]
        assert all(s.started_at for s in steps) and all(s.handler_id for s in steps[:-1])
        assert app.materials_received_at is not None and app.recommendation.text
        assert _rights(app) == {o.group.name: ["view"] for o in (base, dept, committee)}
    call_command("verify_audit")


def test_a_closed_meeting_from_the_factory_went_through_every_meeting_service(cast):
    meeting = meeting_in("closed", cast, candidates=2, experts=3)
    assert meeting.state == MeetingState.CLOSED and meeting.record.state == "accepted"
    assert _verbs(meeting) >= Counter(
        {"created": 1, "quota_set": 1, "filed": 1, "seed_hash_published": 1, "drawn": 1}
        | {"attendance_recorded": 1, "opened": 1, "closed": 1}
    )
    candidates = list(meeting.candidates.select_related("application"))
    assert len(candidates) == 2 and meeting.members.filter(role="member", present=True).count() == 3
    for c in candidates:
        assert c.voting_closed and c.passed and (c.present, c.agree) == (3, 3)
        assert _verbs(c) == Counter({"ballot.cast": 3, "voting_closed": 1})
        assert c.application.review_result == "passed"
        assert Application.objects.get(pk=c.application_id).state == "accepted"
    call_command("verify_audit")

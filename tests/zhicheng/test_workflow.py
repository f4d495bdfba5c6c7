"""The review-chain machinery, exercised through unit registration (the first chain)."""

import datetime as dt
import threading

import pytest
from django.db import connection
from guardian.shortcuts import get_perms

from accounts.constants import OrgKind
from accounts.models import Organisation
from accounts.services import create_organisation
from zhicheng import workflow
from zhicheng.workflow import ChainConflict, ChainState, ChainStep, WorkflowError, format_duration


@pytest.fixture
def new_unit(orgs):
    return create_organisation(
        name="测试新注册单位", kind=OrgKind.BASE_UNIT, region=orgs["county"].region, parent=orgs["county"]
    )


def test_duration_reads_like_the_guide():
    assert format_duration(dt.timedelta(days=9, hours=18, minutes=44, seconds=14)) == "9天18小时44分14秒"
    assert format_duration(dt.timedelta(minutes=2, seconds=29)) == "2分29秒"
    assert format_duration(dt.timedelta(seconds=0)) == "0秒"
    assert format_duration(dt.timedelta(hours=1)) == "1小时0分0秒"


def test_submit_writes_the_chain_and_hands_it_to_the_supervising_unit(new_unit, users, orgs):
    workflow.submit(new_unit, by=users["base_long"])
    new_unit.refresh_from_db()
    assert new_unit.state == ChainState.IN_REVIEW
    assert new_unit.current_org == orgs["county"]
    steps = list(ChainStep.objects.filter(object_id=new_unit.pk).order_by("seq"))
    assert [s.node_label for s in steps] == ["基层单位", "材料接收部门", "审核通过"]
    assert (
        steps[0].finished_at is not None and steps[1].started_at is not None and steps[2].started_at is None
    )
    assert "review_organisation" in get_perms(orgs["county"].group, new_unit)


def test_only_the_holder_can_act_and_accepting_keeps_read_rights(new_unit, users, orgs):
    workflow.submit(new_unit, by=users["base_long"])
    new_unit.refresh_from_db()
    with pytest.raises(WorkflowError, match="不在您的单位办理"):
        workflow.accept(new_unit, by=users["pref_bureau"], expected_step_id=new_unit.current_step_id)
    workflow.accept(new_unit, by=users["county"], expected_step_id=new_unit.current_step_id)
    new_unit.refresh_from_db()
    assert new_unit.state == ChainState.ACCEPTED and new_unit.is_approved
    perms = get_perms(orgs["county"].group, new_unit)
    assert "view_organisation" in perms and "review_organisation" not in perms
    log = new_unit.flow_steps()
    assert log[0].node_label == "审核通过" and log[1].handler == users["county"]


def test_return_needs_a_reason_and_the_limit_closes(new_unit, users):
    new_unit.RETURN_LIMIT = 2
    type(new_unit).RETURN_LIMIT = 2
    try:
        for expected_state in (ChainState.RETURNED, ChainState.CLOSED):
            workflow.submit(new_unit, by=users["base_long"])
            new_unit.refresh_from_db()
            with pytest.raises(WorkflowError, match="请填写回退原因"):
                workflow.send_back(
                    new_unit, by=users["county"], expected_step_id=new_unit.current_step_id, opinion=" "
                )
            workflow.send_back(
                new_unit, by=users["county"], expected_step_id=new_unit.current_step_id, opinion="执照不清晰"
            )
            new_unit.refresh_from_db()
            assert new_unit.state == expected_state
        assert new_unit.return_count == 2
        with pytest.raises(ChainConflict):
            workflow.submit(new_unit, by=users["base_long"])
    finally:
        type(new_unit).RETURN_LIMIT = None


def test_a_stale_step_is_refused_with_the_conflict_message(new_unit, users):
    workflow.submit(new_unit, by=users["base_long"])
    new_unit.refresh_from_db()
    seen = new_unit.current_step_id
    workflow.accept(new_unit, by=users["county"], expected_step_id=seen)
    with pytest.raises(ChainConflict, match="该记录已被他人处理，请刷新后重试"):
        workflow.accept(new_unit, by=users["county"], expected_step_id=seen)
    assert ChainStep.objects.filter(object_id=new_unit.pk, action="accepted").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_accepts_make_one_step(cast):
    """A real race on PostgreSQL: two threads press 接收 on the same step at the same moment."""
    users, orgs = cast["users"], cast["orgs"]
    unit = create_organisation(
        name="并发测试单位", kind=OrgKind.BASE_UNIT, region=orgs["county"].region, parent=orgs["county"]
    )
    workflow.submit(unit, by=users["base_long"])
    unit.refresh_from_db()
    step_id = unit.current_step_id
    barrier = threading.Barrier(2)
    outcomes = []

    def press():
        try:
            obj = Organisation.objects.get(pk=unit.pk)
            barrier.wait()
            workflow.accept(obj, by=users["county"], expected_step_id=step_id)
            outcomes.append("ok")
        except ChainConflict as exc:
            outcomes.append(str(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=press) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "该记录已被他人处理，请刷新后重试"]
    assert ChainStep.objects.filter(object_id=unit.pk, action="accepted").count() == 1

"""The race the row lock prevents, proven both ways (pretix's concurrency tests do the same):
first a deliberately unlocked path lets two reviewers forward the same step, then the real
path with its select_for_update lets only one through."""

import threading

import pytest
from django.db import connection

from accounts.models import User
from accounts.services import add_member
from applications.models import Application
from zhicheng import workflow
from zhicheng.workflow import ChainConflict, ChainStep

from .factories import make_application, open_item, recommend

pytestmark = pytest.mark.django_db(transaction=True)


def _unlocked_lock(barrier):
    def lock(obj, expected_step_id=None):
        fresh = type(obj).objects.get(pk=obj.pk)  # no select_for_update
        if expected_step_id is not None and fresh.current_step_id != int(expected_step_id):
            raise ChainConflict()
        barrier.wait()  # both reviewers have read and checked before either writes
        return fresh

    return lock


def _locked_lock(barrier, real):
    def lock(obj, expected_step_id=None):
        barrier.wait()  # both arrive together, then race for the row lock
        return real(obj, expected_step_id)

    return lock


def _two_reviewers_forward(cast, monkeypatch, make_lock):
    users, orgs = cast["users"], cast["orgs"]
    colleague = User.objects.create_user(username="dw_jixie_race", real_name="并发同事", password="x")
    add_member(orgs["base_short"], colleague)
    item = open_item(orgs["committee_region"], users["committee_region"])
    app = make_application(users["applicant"], item, orgs["base_short"], submitted=True)
    recommend(app, users["base_short"])
    step_id = Application.objects.get(pk=app.pk).current_step_id
    barrier = threading.Barrier(2, timeout=20)
    monkeypatch.setattr(workflow, "_lock", make_lock(barrier))
    outcomes = []

    def press(user):
        try:
            workflow.forward(Application.objects.get(pk=app.pk), by=user, expected_step_id=step_id)
            outcomes.append("ok")
        except ChainConflict as exc:
            outcomes.append(str(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=press, args=(u,)) for u in (users["base_short"], colleague)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return app, sorted(outcomes)


def _forward_entries(app):
    from zhicheng.audit import entries_for

    return entries_for(app).filter(action="applications.application.forwarded").count()


def test_without_the_lock_two_reviewers_both_forward_the_same_step(cast, monkeypatch):
    app, outcomes = _two_reviewers_forward(cast, monkeypatch, _unlocked_lock)
    assert outcomes == ["ok", "ok"]  # the race exists: one step handled twice
    assert _forward_entries(app) == 2


def test_with_the_lock_only_one_forward_goes_through(cast, monkeypatch):
    real = workflow._lock
    app, outcomes = _two_reviewers_forward(cast, monkeypatch, lambda barrier: _locked_lock(barrier, real))
    assert outcomes == ["ok", "该记录已被他人处理，请刷新后重试"]
    assert _forward_entries(app) == 1
    assert (
        ChainStep.objects.filter(
            object_id=app.pk, content_type__model="application", action="forwarded"
        ).count()
        == 1
    )

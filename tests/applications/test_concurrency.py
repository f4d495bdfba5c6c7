"""Two reviewers at the same moment, and notification emails through a real worker on Redis."""

import threading
import time

import pytest
from django.core import mail
from django.db import connection

from accounts.models import Message
from accounts.services import add_member
from applications import services
from applications.models import Application
from zhicheng.workflow import ChainStep

from .factories import make_application, open_item, recommend

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_reviewers_forwarding_at_once_make_one_step_and_one_conflict(cast):
    users, orgs = cast["users"], cast["orgs"]
    from accounts.models import User

    colleague = User.objects.create_user(username="dw_jixie2", real_name="机械公司管理员二", password="x")
    add_member(orgs["base_short"], colleague)
    item = open_item(orgs["committee_region"], users["committee_region"])
    app = make_application(users["applicant"], item, orgs["base_short"], submitted=True)
    recommend(app, users["base_short"])
    step_id = app.current_step_id
    barrier = threading.Barrier(2)
    outcomes = []

    def press(user):
        try:
            obj = Application.objects.get(pk=app.pk)
            barrier.wait()
            services.forward_application(obj, by=user, expected_step_id=step_id)
            outcomes.append("ok")
        except services.ApplicationError as exc:
            outcomes.append(str(exc))
        except Exception as exc:  # ChainConflict
            outcomes.append(str(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=press, args=(u,)) for u in (users["base_short"], colleague)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "该记录已被他人处理，请刷新后重试"]
    assert ChainStep.objects.filter(object_id=app.pk, action="forwarded").count() == 1
    assert Message.objects.filter(user=users["applicant"], title__startswith="您的申请书已上报").count() == 1


@pytest.mark.celery
def test_return_forward_and_pass_emails_go_through_a_real_worker(cast, celery_worker_real):
    users, orgs = cast["users"], cast["orgs"]
    item = open_item(orgs["committee_region"], users["committee_region"])
    app = make_application(users["applicant"], item, orgs["base_short"], submitted=True)
    services.return_application(
        app, by=users["base_short"], expected_step_id=app.current_step_id, reason="附件不清晰"
    )
    app.refresh_from_db()
    services.submit_application(app, by=users["applicant"], pledge=True)
    app.refresh_from_db()
    recommend(app, users["base_short"])
    for who in ("base_short", "dept", "committee_region"):
        app.refresh_from_db()
        services.forward_application(app, by=users[who], expected_step_id=app.current_step_id)
    # the applicant's mails (open_item's 备案 submission also mails its title office, as a real one does)
    mine = lambda: [m for m in mail.outbox if m.to == [users["applicant"].email]]  # noqa: E731
    for _ in range(100):
        if len(mine()) >= 4:
            break
        time.sleep(0.1)
    subjects = sorted(m.subject for m in mine())
    assert subjects == sorted(
        [
            "【新疆专业技术人员管理平台】您的申请书已被回退",
            "【新疆专业技术人员管理平台】您的申请书已上报至地厅级材料接收部门",
            "【新疆专业技术人员管理平台】您的申请书已上报至评审机构",
            "【新疆专业技术人员管理平台】您的申请书已通过形式审核",
        ]
    )
    assert len(mine()) == 4

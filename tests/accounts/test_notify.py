import pytest
from django.core import mail

from accounts.models import Message
from accounts.services import notify


def test_notify_leaves_a_message_and_emails_after_commit(users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(users["applicant"], "您的申请书已被回退", "请按修改意见修改后重新上报。", "/applications/")
    assert Message.objects.filter(user=users["applicant"], title="您的申请书已被回退").exists()
    assert len(mail.outbox) == 1 and "您的申请书已被回退" in mail.outbox[0].subject


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_the_email_goes_through_a_real_worker_on_redis(cast, celery_worker_real, settings):
    import time

    from accounts.models import OutboxEmail

    notify(cast["users"]["applicant"], "测试消息", "正文")  # autocommit: the nudge goes to the worker
    for _ in range(100):
        if mail.outbox:
            break
        time.sleep(0.1)
    assert [m.subject for m in mail.outbox] == ["【新疆专业技术人员管理平台】测试消息"]
    assert OutboxEmail.objects.get().sent_at is not None

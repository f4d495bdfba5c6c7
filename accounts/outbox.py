"""The email outbox: queue in the caller's transaction, deliver later, never fail the request.

`queue_*` write an OutboxEmail row (rolled back with the caller's transaction) and, after
commit, nudge the worker to deliver at once. If the broker is down the nudge is dropped and
the beat task `send_pending_outbox` delivers the row on its next tick. Delivery locks each row
(`SKIP LOCKED`) and marks it sent in the same transaction, so concurrent workers and repeated
ticks send every email once.
"""

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .models import OutboxEmail

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8  # 1, 2, 4 … 128 minutes apart: about four hours before giving up


def _nudge():
    from .tasks import send_pending_outbox

    try:
        send_pending_outbox.apply_async(retry=False)
    except Exception:  # broker down (or anything else): the row stays, the beat tick delivers it
        log.exception("outbox: could not queue delivery now; beat will retry")


def _queue(**fields):
    row = OutboxEmail.objects.create(**fields)
    transaction.on_commit(_nudge)
    return row


def queue_message_email(message):
    return _queue(kind=OutboxEmail.Kind.MESSAGE, message=message, user=message.user, to=message.user.email)


def queue_password_reset(user):
    return _queue(kind=OutboxEmail.Kind.PASSWORD_RESET, user=user, to=user.email)


def queue_email(recipients, subject, body):
    return [_queue(kind=OutboxEmail.Kind.PLAIN, to=to, subject=subject, body=body) for to in recipients if to]


# ---- delivery ----------------------------------------------------------------------------------------
def _compose(row):
    """(subject, body, recipients) or None when there is nothing to send any more."""
    site = settings.SITE_NAME
    if row.kind == OutboxEmail.Kind.MESSAGE:
        message = row.message
        if message is None or not message.user.email:
            return None
        link = f"{settings.SITE_URL}{message.url}" if message.url else settings.SITE_URL
        body = f"{message.user.display_name}，您好：\n\n{message.body}\n\n查看详情：{link}\n"
        return f"【{site}】{message.title}", body, [message.user.email]
    if row.kind == OutboxEmail.Kind.PASSWORD_RESET:
        from .services import reset_link

        user = row.user
        if user is None or not user.is_active or not user.email:
            return None
        # the token is made now, never stored: a row read from the database gives nothing away
        link = f"{settings.SITE_URL}{reset_link(user)}"
        body = (
            f"{user.display_name}，您好：\n\n"
            f"您的用户名：{user.username}\n\n"
            f"请在3天内点击下面的链接设置新密码（链接只能使用一次）：\n{link}\n\n"
            "如果不是您本人操作，请忽略本邮件，您的密码不会改变。\n"
        )
        return f"【{site}】找回用户名或密码", body, [user.email]
    return f"【{site}】{row.subject}", row.body, [row.to]


def backoff(attempts):
    return dt.timedelta(minutes=2 ** max(attempts - 1, 0))


def deliver_due(*, limit=100):
    """Send every due row once; returns (sent, failed) counts."""
    sent = failed = 0
    now = timezone.now()
    ids = list(
        OutboxEmail.objects.filter(sent_at__isnull=True, failed_at__isnull=True, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in ids:
        with transaction.atomic():
            row = (
                OutboxEmail.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("message__user", "user")
                .filter(pk=pk, sent_at__isnull=True, failed_at__isnull=True)
                .first()
            )
            if row is None:
                continue  # another worker has it
            row.attempts += 1
            try:
                composed = _compose(row)
                if composed is not None:
                    subject, body, to = composed
                    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)
            except Exception as exc:  # SMTP down or refused: keep the row, try later
                row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
                if row.attempts >= MAX_ATTEMPTS:
                    row.failed_at = timezone.now()
                else:
                    row.next_attempt_at = timezone.now() + backoff(row.attempts)
                failed += 1
            else:
                row.sent_at = timezone.now()
                row.last_error = ""
                sent += 1
            row.save(update_fields=["attempts", "last_error", "failed_at", "next_attempt_at", "sent_at"])
    return sent, failed

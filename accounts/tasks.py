from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail


@shared_task(bind=True, max_retries=3, default_retry_delay=60, acks_late=True)
def send_message_email(self, message_id):
    """Email one in-app message. Idempotent enough: a message that is gone is skipped."""
    from .models import Message

    message = Message.objects.select_related("user").filter(pk=message_id).first()
    if message is None or not message.user.email:
        return "skipped"
    link = f"{settings.SITE_URL}{message.url}" if message.url else settings.SITE_URL
    try:
        send_mail(
            subject=f"【{settings.SITE_NAME}】{message.title}",
            message=f"{message.user.display_name}，您好：\n\n{message.body}\n\n查看详情：{link}\n",
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[message.user.email],
        )
    except OSError as exc:  # SMTP down: try again later
        raise self.retry(exc=exc) from exc
    return "sent"

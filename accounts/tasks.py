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


@shared_task(bind=True, max_retries=3, default_retry_delay=60, acks_late=True)
def send_password_reset(self, user_id):
    """找回用户名或密码: email the username and a one-time reset link.

    The token (Django's PasswordResetTokenGenerator) is bound to the password hash and last
    login, so the link stops working once it has been used; a retried task sends a fresh one.
    """
    from .models import User
    from .services import reset_link

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return "skipped"
    link = f"{settings.SITE_URL}{reset_link(user)}"
    try:
        send_mail(
            subject=f"【{settings.SITE_NAME}】找回用户名或密码",
            message=(
                f"{user.display_name}，您好：\n\n"
                f"您的用户名：{user.username}\n\n"
                f"请在3天内点击下面的链接设置新密码（链接只能使用一次）：\n{link}\n\n"
                "如果不是您本人操作，请忽略本邮件，您的密码不会改变。\n"
            ),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[user.email],
        )
    except OSError as exc:
        raise self.retry(exc=exc) from exc
    return "sent"

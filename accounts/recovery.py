"""找回用户名或密码: which accounts an identifier names, the reset email, the lock a reset ends."""

from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse

from zhicheng import audit

from .models import User
from .validators import normalise_id_number


def find_accounts(identifier):
    """Active accounts matching a 身份证号 or an email (for 找回用户名或密码)."""
    ident = (identifier or "").strip()
    if not ident:
        return []
    if "@" in ident:
        qs = User.objects.filter(email__iexact=ident)
    else:
        qs = User.objects.filter(id_number=normalise_id_number(ident))
    return list(qs.filter(is_active=True).exclude(email=""))


@transaction.atomic
def request_password_reset(identifier):
    """Queue for each matching account an email with its username and a one-time reset link.

    Returns nothing on purpose: the page answers the same whether or not an account exists,
    and queueing touches only the database (the outbox), so a broker outage shows nowhere.
    """
    from .outbox import queue_password_reset

    for user in find_accounts(identifier):
        queue_password_reset(user)
        audit.log("accounts.user.password_reset_requested", user, by=None)


def clear_lockout(user):
    """A completed password reset proves the person: the lock on the account ends at once."""
    from axes.utils import reset

    from .backends import lockout_key

    reset(username=lockout_key(None, {"username": user.username}))


def reset_link(user):
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("accounts:reset", kwargs={"uidb64": uid, "token": token})

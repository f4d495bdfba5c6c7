"""Accounts services: organisations, memberships. Registration lives here as it grows."""

from django.db import transaction
from django.utils.translation import gettext as _

from .constants import ROLE_BY_KIND
from .models import Membership, Organisation


class AccountsError(Exception):
    """A refused accounts operation; the message is shown to the user."""


@transaction.atomic
def create_organisation(*, approved=False, **fields):
    """Create an organisation; bodies set up by the platform (offices, committees) start approved."""
    state = Organisation.State.ACCEPTED if approved else Organisation.State.DRAFT
    return Organisation.objects.create(state=state, **fields)


@transaction.atomic
def add_member(organisation, user, *, is_admin=True):
    if not organisation.is_active:
        raise AccountsError(_("该单位已停用。"))
    membership, created = Membership.objects.get_or_create(
        user=user,
        organisation=organisation,
        defaults={"role": ROLE_BY_KIND[organisation.kind], "is_admin": is_admin},
    )
    if not created and not membership.is_active:
        membership.is_active = True
        membership.save()
    return membership


def notify(user, title, body="", url="", *, email=True):
    """Leave an in-app message and, after commit, email it through a Celery task.

    Callers run inside their own transaction; nothing is sent if it rolls back.
    """
    from .models import Message
    from .tasks import send_message_email

    message = Message.objects.create(user=user, title=title, body=body, url=url)
    if email and user.email:
        transaction.on_commit(lambda: send_message_email.delay(message.pk))
    return message

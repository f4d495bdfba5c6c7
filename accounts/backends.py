from django.contrib.auth.backends import ModelBackend
from django.db.models import Q

from .models import User
from .validators import normalise_identifier


def accounts_for(identifier):
    """The accounts an identifier names: 用户名 (case-insensitive), 身份证号, or the admin of the
    unit with that 统一社会信用代码. The identifier is normalised first (blanks, full-width, case)."""
    ident = normalise_identifier(identifier)
    if not ident:
        return []
    users = list(User.objects.filter(Q(username__iexact=ident) | Q(id_number=ident)).order_by("pk")[:2])
    if not users:
        users = list(
            User.objects.filter(
                memberships__organisation__credit_code=ident,
                memberships__is_admin=True,
                memberships__is_active=True,
            ).order_by("pk")[:1]
        )
    return users


def lockout_key(request, credentials=None):
    """AXES_USERNAME_CALLABLE: one failure counter per account, whatever identifier was typed
    (username, 身份证号 with blanks, lower-case credit code …); unknown identifiers count under
    their normalised spelling."""
    raw = (credentials or {}).get("username")
    if raw is None and request is not None:
        raw = getattr(request, "POST", {}).get("username")
    users = accounts_for(raw or "")
    if users:
        return f"account:{users[0].pk}"
    return normalise_identifier(raw or "")


class IdentifierBackend(ModelBackend):
    """Log in with 身份证号码, 单位统一社会信用代码 or 用户名 (guide 000, 一).

    A credit code logs in the admin of that unit (the first active admin membership).
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        users = accounts_for(username)
        for user in users:
            if user.check_password(password) and self.user_can_authenticate(user):
                return user
        if not users:
            User().set_password(password)  # same cost either way: no timing hint that the account exists
        return None

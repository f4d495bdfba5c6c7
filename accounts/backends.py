from django.contrib.auth.backends import ModelBackend
from django.db.models import Q

from .models import User
from .validators import normalise_credit_code


class IdentifierBackend(ModelBackend):
    """Log in with 身份证号码, 单位统一社会信用代码 or 用户名 (guide 000, 一).

    A credit code logs in the admin of that unit (the first active admin membership).
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        ident = normalise_credit_code(username)
        candidates = User.objects.filter(Q(username=username.strip()) | Q(id_number=ident)).order_by("pk")
        users = list(candidates[:2])
        if not users:
            users = list(
                User.objects.filter(
                    memberships__organisation__credit_code=ident,
                    memberships__is_admin=True,
                    memberships__is_active=True,
                ).order_by("pk")[:1]
            )
        for user in users:
            if user.check_password(password) and self.user_can_authenticate(user):
                return user
        if not users:
            User().set_password(password)  # same cost either way: no timing hint that the account exists
        return None

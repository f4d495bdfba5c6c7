"""Synthetic experts and applicants (valid-checksum ID numbers, never real people)."""

import datetime as dt
import itertools

from django.utils import timezone

from accounts.models import Region, User
from accounts.synthetic import make_id_number
from experts import services

_seq = itertools.count(400)


def person(name="专家", *, birth=dt.date(1970, 1, 1)):
    n = next(_seq)
    number = make_id_number(birth + dt.timedelta(days=n), n, "650102")
    user = User.objects.create(
        username=f"p{n}", real_name=f"{name}{n}", id_number=number, email=f"p{n}@example.cn"
    )
    user.set_password("pw")
    user.save()
    return user


def expert(committee, specialty, *, user=None, employer=None, by=None, **over):
    user = user or person()
    today = timezone.localdate()
    fields = dict(
        real_name=user.real_name,
        id_number=user.id_number,
        phone="13900000000",
        series=specialty.series,
        specialties=[specialty],
        title_level="zhenggao",
        employer=employer,
        region=Region.objects.get(code="650000"),
        term_start=today - dt.timedelta(days=30),
        term_end=today + dt.timedelta(days=365),
    )
    fields.update(over)
    return services.add_expert(committee, by=by or user, **fields)

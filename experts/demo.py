"""Demo 专家库 of the region-level committee (manage.py seed_demo, after filings). Idempotent.

Seven synthetic experts of 机械电子专业 (logins zj_01 … zj_07), one 暂停, one with a declared
relative and a former employer, so that the draw has something to exclude and to skip.
"""

import datetime as dt

from django.utils import timezone

from accounts.demo import _user
from accounts.models import Organisation
from accounts.synthetic import make_credit_code, make_id_number
from filings.models import Specialty

from . import services
from .constants import ExpertStatus
from .models import Expert

NAMES = ["欧阳示例", "司马示例", "上官示例", "诸葛示例", "东方示例", "慕容示例", "公孙示例"]


def seed(cast):
    orgs, users = cast["orgs"], cast["users"]
    committee = orgs["committee_region"]
    specialty = Specialty.objects.filter(series__code="engineering", name="机械电子专业").first()
    if specialty is None:
        return
    today = timezone.localdate()
    institute = Organisation.objects.filter(name="新疆示例机械研究院").first()
    if institute is None:
        from accounts.services import create_organisation

        institute = create_organisation(
            approved=True,
            name="新疆示例机械研究院",
            kind="base_unit",
            region=committee.region,
            parent=orgs["dept"],
            credit_code=make_credit_code(11, "650100"),
            unit_nature="region_direct",
            contact_name="示例联系人",
            contact_phone="0991-0000300",
        )
    for i, name in enumerate(NAMES, start=1):
        key = f"expert{i}"
        user = _user(
            f"zj_{i:02d}",
            name,
            id_number=make_id_number(dt.date(1965 + i, i, 10 + i), 300 + i, "650102"),
            phone=f"1390000{i:04d}",
        )
        users[key] = user
        expert = Expert.objects.filter(committee=committee, user=user).first()
        if expert is None:
            expert = services.add_expert(
                committee,
                by=users["committee_region"],
                real_name=name,
                id_number=user.id_number,
                phone=user.phone,
                series=specialty.series,
                specialties=[specialty],
                title_level="zhenggao",
                employer=institute,
                region=committee.region,
                term_start=today - dt.timedelta(days=60),
                term_end=today + dt.timedelta(days=700),
            )
            if i == 7:
                services.set_status(expert, by=users["committee_region"], status=ExpertStatus.SUSPENDED)
            if i == 6:
                services.add_relative(
                    expert,
                    by=users["committee_region"],
                    name="慕容亲属",
                    id_number=make_id_number(dt.date(1992, 2, 2), 388, "650102", male=False),
                    relation="子女",
                )
                services.add_employment(
                    user,
                    by=users["committee_region"],
                    name="新疆示例设计院",
                    credit_code=make_credit_code(12, "650100"),
                    start=dt.date(2010, 1, 1),
                    end=today - dt.timedelta(days=5 * 365),
                )

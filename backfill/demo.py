"""Demo data for 历史数据补录 (manage.py seed_demo, after applications' demo). Idempotent; runs on SQLite.

Historic committees and issuing units, 二级专业 under 机械电子专业, profile photos for sq_zhang,
and two of his forms: 高级工程师 (2007) accepted through 基层工作单位 → 主管单位 (so his title
history shows it) and 工程师 (2001) waiting at his base unit (dw_jixie's 补录审核 queue).
"""

import datetime as dt
import io

from django.core.files.base import ContentFile

from filings.constants import Level
from filings.models import Qualification, Specialty
from filings.titles import TitleMethod

from . import services
from .constants import AttachmentKind, IssuerArea, IssuerKind
from .models import Backfill, Issuer

SUB_SPECIALTIES = [
    ("00189-01", "机械制造工程师"),
    ("00189-02", "机电一体化工程师"),
    ("00189-03", "数控技术工程师"),
]


def demo_png(color=(30, 90, 160), size=(120, 160)):
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, format="PNG")
    return buf.getvalue()


def seed_reference(cast=None):
    """Issuers and 二级专业 (the platform admin keeps both in the admin)."""
    orgs = (cast or {}).get("orgs", {})
    committees = [
        (IssuerArea.REGION, "自治区工业和信息化厅工程系列评审委员会（工信厅评审会）", None),
        (IssuerArea.REGION, "自治区工程技术高级评审委员会", orgs.get("committee_region")),
        (IssuerArea.PREFECTURE, "昌吉州工程系列中初级评审委员会", orgs.get("committee_changji")),
        (IssuerArea.PREFECTURE, "原昌吉州工程技术职务评审委员会", None),
        (IssuerArea.GRASSROOTS, "基层乡镇专业技术人员职称评审委员会", None),
    ]
    for i, (area, name, org) in enumerate(committees):
        Issuer.objects.get_or_create(
            kind=IssuerKind.COMMITTEE, area=area, name=name, defaults={"organisation": org, "sort": i}
        )
    for i, (area, name) in enumerate(
        [
            (IssuerArea.REGION, "自治区人力资源和社会保障厅"),
            (IssuerArea.REGION, "自治区工业和信息化厅"),
            (IssuerArea.PREFECTURE, "昌吉州人力资源和社会保障局"),
        ]
    ):
        Issuer.objects.get_or_create(kind=IssuerKind.UNIT, area=area, name=name, defaults={"sort": i})
    mech = Specialty.objects.filter(name="机械电子专业", parent__isnull=True).first()
    if mech is not None:
        for code, name in SUB_SPECIALTIES:
            Specialty.objects.get_or_create(
                code=code, defaults={"name": name, "series": mech.series, "parent": mech}
            )


def _attach(bf):
    from .models import BackfillAttachment

    if not bf.attachments.exists():
        BackfillAttachment.objects.create(
            backfill=bf,
            kind=AttachmentKind.CERTIFICATE,
            file=ContentFile(demo_png((200, 170, 60)), name="scan.png"),
            original_name="职称证原件.png",
            content_type="image/png",
            size=1,
        )


def _rows(bf):
    from .models import BackfillEntry

    if not bf.entries.exists():
        BackfillEntry.objects.bulk_create(
            [
                BackfillEntry(
                    backfill=bf,
                    kind="contact",
                    data={
                        "mobile": "13800000003",
                        "office_phone": "",
                        "email": "",
                        "address": "乌鲁木齐市示例路8号",
                        "postcode": "830000",
                    },
                ),
                BackfillEntry(
                    backfill=bf,
                    kind="education",
                    data={
                        "education": "bachelor",
                        "degree": "bachelor",
                        "years": 4,
                        "major": "机械设计制造及其自动化",
                        "school": "新疆示例工业大学",
                        "graduated_on": "1999-07-01",
                        "highest": True,
                    },
                ),
            ]
        )


def _make(person, orgs, *, level, granted_on, seq, committee, unit):
    q = Qualification.objects.get(specialty__name="机械电子专业", specialty__parent__isnull=True, level=level)
    bf = Backfill.objects.filter(person=person, qualification=q).first()
    if bf is not None:
        return bf, False
    bf = services.create_backfill(
        by=person,
        data={
            "method": TitleMethod.REVIEW,
            "area": committee.area,
            "committee": committee,
            "issuing_unit": unit,
            "qualification": q,
            "sub_specialty": Specialty.objects.filter(code="00189-01").first(),
            "granted_on": granted_on,
            "certificate_no": f"2011320{seq:04d}",
            "approval_prefix": "新经信人事",
            "approval_year": granted_on.year + 1,
            "approval_seq": f"{seq}号",
            "approval_name": f"关于批准示例等{seq}位同志取得自治区工程系列机械电子专业技术职务任职资格的通知",
            "notice_url": "https://gxt.example.gov.cn/gongshi/2011/3.html",
        },
    )
    services.save_basic(
        bf,
        by=person,
        data={
            "base_unit": orgs["base_short"],
            "work_unit_dept": "技术部",
            "admin_post": "",
            "work_start_date": dt.date(1999, 8, 1),
            "ethnicity": "01",
            "political_status": "13",
        },
    )
    _attach(bf)
    _rows(bf)
    services.confirm_photos(bf, by=person)
    bf.refresh_from_db()
    bf = services.submit_backfill(bf, by=person)
    return bf, True


def seed(cast):
    seed_reference(cast)
    users, orgs = cast["users"], cast["orgs"]
    person = users["applicant"]
    if not person.id_front or not person.photo:
        person.id_front.save("id.png", ContentFile(demo_png((220, 220, 230), (320, 200))), save=False)
        person.photo.save("photo.png", ContentFile(demo_png()), save=False)
        person.save(update_fields=["id_front", "photo"])
    committee = Issuer.objects.get(kind=IssuerKind.COMMITTEE, name__startswith="自治区工业和信息化厅")
    unit = Issuer.objects.get(kind=IssuerKind.UNIT, name="自治区工业和信息化厅")
    senior, created = _make(
        person,
        orgs,
        level=Level.FUGAO,
        granted_on=dt.date(2007, 12, 31),
        seq=3,
        committee=committee,
        unit=unit,
    )
    if created:
        services.forward_backfill(
            senior,
            by=users["base_short"],
            expected_step_id=senior.current_step_id,
            opinion="情况属实，同意。",
        )
        senior.refresh_from_db()  # the step moved on to the 主管单位
        services.forward_backfill(
            senior, by=users["dept"], expected_step_id=senior.current_step_id, opinion="审核通过。"
        )
    _make(
        person,
        orgs,
        level=Level.ZHONGJI,
        granted_on=dt.date(2001, 6, 30),
        seq=12,
        committee=committee,
        unit=unit,
    )

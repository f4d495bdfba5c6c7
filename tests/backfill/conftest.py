import datetime as dt

import pytest
from django.core.files.base import ContentFile

from backfill import demo, services
from backfill.constants import AttachmentKind, IssuerArea, IssuerKind
from backfill.models import BackfillAttachment, BackfillEntry, Issuer
from filings.constants import Level
from filings.models import Qualification
from filings.titles import TitleMethod


def qual(level, specialty="机械电子专业"):
    return Qualification.objects.select_related("specialty__series").get(
        specialty__name=specialty, specialty__parent__isnull=True, level=level
    )


@pytest.fixture
def reference(cast):
    demo.seed_reference(cast)
    return {
        "committee": Issuer.objects.get(kind=IssuerKind.COMMITTEE, name__startswith="自治区工业和信息化厅"),
        "unit": Issuer.objects.get(kind=IssuerKind.UNIT, name="自治区工业和信息化厅"),
    }


@pytest.fixture
def with_photos(users):
    for key in ("applicant", "applicant2"):
        u = users[key]
        u.id_front.save("id.png", ContentFile(demo.demo_png()), save=False)
        u.photo.save("p.png", ContentFile(demo.demo_png()), save=False)
        u.save()
    return users


def title_data(reference, *, level=Level.ZHONGJI, granted_on=dt.date(2001, 6, 30), method=TitleMethod.REVIEW):
    return {
        "method": method,
        "area": IssuerArea.REGION,
        "committee": reference["committee"],
        "issuing_unit": reference["unit"],
        "qualification": qual(level),
        "sub_specialty": None,
        "granted_on": granted_on,
        "certificate_no": "20113202705",
        "approval_prefix": "新经信人事",
        "approval_year": 2011,
        "approval_seq": "3号",
        "approval_name": "关于批准示例等48位同志取得任职资格的通知",
        "notice_url": "https://gxt.example.gov.cn/gs/3.html",
    }


@pytest.fixture
def make_backfill(users, orgs, reference, with_photos):
    """make_backfill('applicant', level=…, submitted=True) → a complete form (base unit 新疆示例机械制造有限公司
    → 主管单位 自治区工业和信息化厅职称办), optionally submitted."""

    def make(person="applicant", *, submitted=False, base="base_short", **kwargs):
        who = users[person]
        bf = services.create_backfill(by=who, data=title_data(reference, **kwargs))
        services.save_basic(
            bf,
            by=who,
            data={
                "base_unit": orgs[base],
                "work_unit_dept": "技术部",
                "admin_post": "",
                "work_start_date": dt.date(1999, 8, 1),
                "ethnicity": "01",
                "political_status": "13",
            },
        )
        BackfillEntry.objects.create(
            backfill=bf, kind="contact", data={"mobile": "13800000003", "address": "示例路1号"}
        )
        BackfillEntry.objects.create(
            backfill=bf,
            kind="education",
            data={
                "education": "bachelor",
                "degree": "",
                "years": 4,
                "major": "机械",
                "school": "示例大学",
                "graduated_on": "1999-07-01",
                "highest": True,
            },
        )
        BackfillAttachment.objects.create(
            backfill=bf,
            kind=AttachmentKind.CERTIFICATE,
            file=ContentFile(demo.demo_png(), name="c.png"),
            original_name="证书.png",
            content_type="image/png",
            size=10,
        )
        services.confirm_photos(bf, by=who)
        bf.refresh_from_db()
        if submitted:
            bf = services.submit_backfill(bf, by=who)
        return bf

    return make


def form_post(reference, **over):
    """What the TitleForm page posts (step B/C), valid unless overridden."""
    q = qual(Level.ZHONGJI)
    data = {
        "method": "review",
        "area": "region",
        "committee": reference["committee"].pk,
        "issuing_unit": reference["unit"].pk,
        "series": q.specialty.series_id,
        "specialty": q.specialty_id,
        "level": q.level,
        "granted_on": "2010-12-31",
        "certificate_no": "20113202705",
        "approval_prefix": "新经信人事",
        "approval_year": "2011",
        "approval_seq": "3号",
        "approval_name": "关于批准示例等48位同志取得任职资格的通知",
        "notice_url": "https://gxt.example.gov.cn/gs/3.html",
    }
    data.update(over)
    return data

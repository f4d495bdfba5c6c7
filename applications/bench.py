"""Synthetic 申请书 of a chosen size, submitted, for the 评审表 benchmark (manage.py
bench_review_form) and the tests that need a render that takes a while. Synthetic only."""

import datetime as dt

from django.core.files.base import ContentFile

from . import services
from .demo import DEMO_PDF, DEMO_ROWS
from .models import Application, SectionAttachment, SectionEntry
from .sections import DEFAULT_TEMPLATE, SectionKind

# kinds that more rows are spread over, with a row maker each (i = row index)
EXTRA_ROWS = {
    SectionKind.WORK_HISTORY: lambda i: {
        "start": f"{2000 + i % 20}-03-01",
        "end": f"{2001 + i % 20}-02-28",
        "employer": f"新疆示例工程有限公司第{i + 1}项目部",
        "post": "从事机械设备安装调试与技术管理工作，担任项目技术负责人",
    },
    SectionKind.ACHIEVEMENTS: lambda i: {
        "name": f"示例生产线自动化改造项目（第{i + 1}期）",
        "year": 2010 + i % 15,
        "role": "主要完成人",
        "description": "负责总体方案设计、关键部件选型与现场调试，改造后设备综合效率提升，"
        "形成企业技术标准一项，并在本单位其他车间推广应用。" * 2,
    },
    SectionKind.PUBLICATIONS: lambda i: {
        "title": f"示例机械传动系统的可靠性分析与优化设计研究（{i + 1}）",
        "kind": "论文",
        "venue": "示例机械工程学报",
        "published_on": f"{2012 + i % 12}-06-15",
        "author_rank": "第一作者",
        "issn": "ISSN 0000-0000",
    },
    SectionKind.CONTINUING: lambda i: {
        "year": 2000 + i,
        "public_hours": 30,
        "specialty_hours": 60,
        "certificate_no": f"JXJY{2000 + i}{i:04d}",
    },
}


def add_rows(app, n):
    """n more rows, spread over several repeating sections."""
    kinds = list(EXTRA_ROWS)
    SectionEntry.objects.bulk_create(
        SectionEntry(
            application=app,
            kind=kinds[i % len(kinds)],
            data=EXTRA_ROWS[kinds[i % len(kinds)]](i),
            position=i + 1,
        )
        for i in range(n)
    )


def fill_required(app, base_unit):
    Application.objects.filter(pk=app.pk).update(
        base_unit=base_unit,
        unit_nature="region_direct",
        work_unit_dept="技术部",
        work_start_date=dt.date(2010, 8, 1),
        ethnicity="01",
        political_status="13",
        phone="13800000009",
    )
    required = [k for k, req, _att in DEFAULT_TEMPLATE if req and k != SectionKind.BASIC]
    SectionEntry.objects.bulk_create(
        SectionEntry(application=app, kind=k, data=DEMO_ROWS[k]) for k in required
    )
    for k, _req, att in DEFAULT_TEMPLATE:
        if att:
            SectionAttachment.objects.create(
                application=app,
                kind=k,
                file=ContentFile(DEMO_PDF, name="scan.pdf"),
                original_name="毕业证书.pdf",
                content_type="application/pdf",
                size=len(DEMO_PDF),
            )
    app.refresh_from_db()
    return app


def submitted_application(applicant, filing_item, base_unit, *, extra_rows=0):
    app = services.create_application(by=applicant, filing_item_id=filing_item.pk)
    fill_required(app, base_unit)
    add_rows(app, extra_rows)
    services.submit_application(app, by=applicant, pledge=True)
    app.refresh_from_db()
    return app

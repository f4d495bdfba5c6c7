"""Demo applications (manage.py seed_demo, after filings' demo). Idempotent.

A draft for sq_zhang and, for sq_li, one submitted to her base unit — when open windows exist.
"""

import datetime as dt

from django.core.files.base import ContentFile

from filings.services import open_windows

from . import services
from .models import Application, SectionAttachment, SectionEntry
from .sections import DEFAULT_TEMPLATE, SectionKind

DEMO_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
DEMO_ROWS = {
    SectionKind.EDUCATION: {
        "education": "bachelor",
        "degree": "bachelor",
        "years": 4,
        "major": "临床医学",
        "school": "新疆示例医科大学",
        "graduated_on": "2012-07-01",
        "highest": True,
    },
    SectionKind.WORK_HISTORY: {
        "start": "2012-08-01",
        "end": None,
        "employer": "昌吉市示例人民医院",
        "post": "医师",
    },
    SectionKind.ACHIEVEMENTS: {
        "name": "示例临床路径改进",
        "year": 2023,
        "role": "主要完成人",
        "description": "示例业绩。",
    },
    SectionKind.CONTINUING: {"year": 2024, "public_hours": 30, "specialty_hours": 60, "certificate_no": ""},
    SectionKind.APPRAISAL: {"year": 2024, "result": "合格"},
}


def seed(cast):
    windows = open_windows()
    if not windows:
        return
    users, orgs = cast["users"], cast["orgs"]
    if not Application.objects.filter(applicant=users["applicant"]).exists():
        services.create_application(by=users["applicant"], filing_item_id=windows[0].item.pk)
    if not Application.objects.filter(applicant=users["applicant2"]).exists():
        app = services.create_application(by=users["applicant2"], filing_item_id=windows[-1].item.pk)
        Application.objects.filter(pk=app.pk).update(
            base_unit=orgs["base_long"],
            unit_nature="county_and_below",
            work_unit_dept="内科",
            work_start_date=dt.date(2012, 8, 1),
            ethnicity="01",
            political_status="13",
            phone="13800000004",
        )
        app.refresh_from_db()
        required = {k for k, req, _att in DEFAULT_TEMPLATE if req}
        SectionEntry.objects.bulk_create(
            SectionEntry(application=app, kind=k, data=row) for k, row in DEMO_ROWS.items() if k in required
        )
        for s in app.template().section_list():
            if s.attachment_required:
                SectionAttachment.objects.create(
                    application=app,
                    kind=s.kind,
                    file=ContentFile(DEMO_PDF, name="scan.pdf"),
                    original_name="示例扫描件.pdf",
                    content_type="application/pdf",
                    size=len(DEMO_PDF),
                )
        if all(s.complete for s in services.section_statuses(app)):
            services.submit_application(app, by=users["applicant2"], pledge=True)

    _publicised_demo(users["applicant2"], users["base_long"])

    from . import demo_documents

    demo_documents.seed(cast)  # the 评审表 and the paper set of the submitted demo application


def demo_png():
    """A small real PNG (the 公示 photo of the demo and the tests)."""
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (240, 160), (230, 236, 245)).save(buf, "PNG")
    return buf.getvalue()


def publicise(app, by, *, start=None, end=None, photo=True, result=True):
    """The base unit's 公示 (guide 004): by default one of 5 working days that has ended, with its
    photo and result, so that the unit may forward. Also the test factories' way through the chain."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from filings.demo import minimal_pdf

    from . import unit_publicity

    if start is None:
        start, end = unit_publicity.latest_ended_period(unit_publicity.region_of(app))
    app.refresh_from_db()
    unit_publicity.record_publicity(
        app,
        by=by,
        start=start,
        end=end,
        office="本单位人事办公室",
        phone="0991-0000108",
        politics="拥护党的路线方针政策，遵纪守法，具有良好的职业道德。",
    )
    uploads = {
        "photo": ("公示照片.png", demo_png(), "png"),
        "result": ("公示结果.pdf", minimal_pdf("result"), "pdf"),
    }
    for which, (name, data, kind) in uploads.items():
        if photo if which == "photo" else result:
            upload = SimpleUploadedFile(name, data)
            unit_publicity.upload_publicity_file(app, by=by, which=which, upload=upload, detected_kind=kind)
    return unit_publicity.record_of(app)


def _publicised_demo(applicant, unit_admin):
    """sq_li's application, held by her base unit: its ended 公示 is recorded (推荐单位公示 page)."""
    from . import unit_publicity

    app = Application.objects.filter(applicant=applicant, chain_round__gt=0).first()
    if app is None or not app.unit_is_base() or unit_publicity.record_of(app) is not None:
        return
    if unit_publicity.may_record(unit_admin, app):
        publicise(app, unit_admin)

"""Demo filings (manage.py seed_demo): idempotent, built on the cast from accounts/demo.py.

Both demo committees get their 可评审专业 and an ACCEPTED filing whose windows are open from
today through +30 days, so applicants can apply at once; 昌吉州 also has a draft. The accepted
filings go through zhicheng.workflow.submit/accept with the office users, so the flow log is real.
"""

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import timezone

from zhicheng import workflow

from .constants import FilingLevel, Level
from .models import (
    Filing,
    FilingAttachment,
    FilingQualification,
    Qualification,
    ReviewableQualification,
    Specialty,
)
from .services import _next_serial

CHUZHONG = [Level.YUANJI, Level.ZHULIJI, Level.ZHONGJI]
GAOJI = [Level.FUGAO, Level.ZHENGGAO]


def minimal_pdf(text="demo"):
    """A tiny, valid one-page PDF (demo and test attachments)."""
    content = f"BT /F1 12 Tf 20 100 Td ({text}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _quals(series_code, specialty_names, levels):
    return list(
        Qualification.objects.filter(
            specialty__series__code=series_code, specialty__name__in=specialty_names, level__in=levels
        ).select_related("specialty__series")
    )


def _reviewable(committee, qualifications):
    for q in qualifications:
        ReviewableQualification.objects.get_or_create(committee=committee, qualification=q)


def _filing(committee, user, *, title, level, qualifications, accepted_by=None, today=None):
    existing = Filing.objects.filter(committee=committee, title=title).first()
    if existing is not None:
        return existing
    today = today or timezone.localdate()
    filing = Filing.objects.create(
        committee=committee,
        created_by=user,
        title=title,
        work_year=today.year,
        level=level,
        location=committee.address or committee.region.name,
        leader_name="示例负责人",
        leader_phone="0991-0000200",
        contact_user=user,
        contact_name=user.display_name,
        contact_phone=committee.contact_phone or "0991-0000201",
        contact_mobile="13800000100",
        notice_title=f"关于做好{today.year}年度职称评审工作的通知",
        notice_html="<div>一、申报范围<br>二、申报时间：按计划时间执行。<br>三、本年度职称评定工作无需提交纸质材料。</div>",
        wizard_step=6,
    )
    for q in qualifications:
        FilingQualification.objects.create(
            filing=filing,
            qualification=q,
            apply_start=today,
            apply_end=today + dt.timedelta(days=30),
            meeting_date=today + dt.timedelta(days=45),
            approval_date=today + dt.timedelta(days=60),
        )
    for kind in FilingAttachment.REQUIRED:
        label = FilingAttachment.Kind(kind).label
        att = FilingAttachment(filing=filing, kind=kind, original_name=f"{label}.pdf")
        data = minimal_pdf(kind)
        att.size = len(data)
        att.file.save(f"{kind}.pdf", ContentFile(data), save=False)
        att.save()
    if accepted_by is not None:
        filing.serial_no = _next_serial()
        filing.wizard_step = 7
        filing.save(update_fields=["serial_no", "wizard_step"])
        workflow.submit(filing, by=user)
        filing.refresh_from_db()
        workflow.accept(filing, by=accepted_by, expected_step_id=filing.current_step_id)
    return filing


def seed(cast):
    orgs, users = cast["orgs"], cast["users"]
    changji, region = orgs["committee_changji"], orgs["committee_region"]
    engineering_all = list(
        Specialty.objects.filter(series__code="engineering").values_list("name", flat=True)
    )
    _reviewable(changji, _quals("engineering", engineering_all, CHUZHONG))
    _reviewable(region, _quals("engineering", engineering_all, GAOJI))

    year = timezone.localdate().year
    _filing(
        changji,
        users["committee_changji"],
        title=f"关于机械电子等2个专业的{year}年度中初级评审会议备案",
        level=FilingLevel.CHUZHONG,
        qualifications=_quals("engineering", ["机械电子专业", "建筑专业"], [Level.ZHULIJI, Level.ZHONGJI]),
        accepted_by=users["office_changji"],
    )
    senior = _filing(
        region,
        users["committee_region"],
        title=f"关于机械电子专业{year}年度高级评审会议备案",
        level=FilingLevel.GAOJI_EXCL_EDU,
        qualifications=_quals("engineering", ["机械电子专业"], [Level.FUGAO]),
        accepted_by=users["office_region"],
    )
    draft = _filing(
        changji,
        users["committee_changji"],
        title=f"关于广播电视专业{year}年度中初级评审会议备案(草稿)",
        level=FilingLevel.CHUZHONG,
        qualifications=_quals("engineering", ["广播电视专业"], [Level.ZHONGJI]),
    )
    _time_change(senior, users["committee_region"])
    return {"draft": draft}


def _time_change(filing, user):
    """One 设置时间 request waiting at the 自治区 office (its old window stays in force)."""
    import datetime as dt

    from .models import PlanTimeChange
    from .plan_times import request_time_change

    item = filing.items.order_by("pk").first()
    if item is None or PlanTimeChange.objects.filter(item=item).exists():
        return
    extra = dt.timedelta(days=7)
    request_time_change(
        item,
        by=user,
        start=item.apply_start,
        end=item.apply_end + extra,
        meeting=item.meeting_date + extra,
        approval=item.approval_date + extra,
        reason="申报材料较多，申报截止时间延后一周。",
    )

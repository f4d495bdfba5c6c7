"""The person's pages through the test client: every step of guide 003, uploads judged by content."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.models import SectionEntry
from backfill.models import Backfill, BackfillAttachment, BackfillEntry
from filings.demo import minimal_pdf

from .conftest import form_post

pytestmark = pytest.mark.django_db


def _pdf_of_size(n):
    """A real (pypdf-readable) PDF of exactly n bytes: uploads are judged by content."""
    from filings.demo import minimal_pdf

    text = n - len(minimal_pdf(""))
    for _ in range(5):
        data = minimal_pdf("x" * text)
        text += n - len(data)
    assert len(data) == n
    return data


def _png():
    from backfill.demo import demo_png

    return demo_png()


def _jpg():
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (20, 20), (10, 200, 10)).save(buf, format="JPEG")
    return buf.getvalue()


def _bmp():
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (20, 20), (200, 10, 10)).save(buf, format="BMP")
    return buf.getvalue()


def _exe():
    return b"MZ\x90\x00" + b"\x00" * 200 + b"This program cannot be run in DOS mode."


def _stored_files():
    root = Path(settings.MEDIA_ROOT) / "backfill"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _title_post(reference, **over):
    return form_post(reference, **{"a-phone": "13800000003", **over})


def test_the_area_shows_the_notice_the_guide_and_the_new_button(client_for, with_photos):
    page = client_for("applicant").get(reverse("backfill:home")).content.decode()
    for text in ("工作通知", "操作指南", "我要新增【补录申报表】", "以考代评所取得的职称信息不用补录"):
        assert text in page
    home = client_for("applicant").get(reverse("accounts:home")).content.decode()
    assert "其他业务系统" in home and reverse("backfill:home") in home


def test_the_whole_form_step_by_step(client_for, users, reference, with_photos):
    c = client_for("applicant")
    page = c.get(reverse("backfill:new")).content.decode()
    assert users["applicant"].id_number in page and "A. 基本信息核对" in page
    # a date out of bounds is refused next to the form, nothing created
    r = c.post(reverse("backfill:new"), _title_post(reference, granted_on="1999-12-31"))
    assert r.status_code == 200 and "不在补录范围内" in r.content.decode() and not Backfill.objects.exists()
    r = c.post(reverse("backfill:new"), _title_post(reference, **{"a-phone": "13900000009"}))
    bf = Backfill.objects.get()
    assert r.url == reverse("backfill:photos", args=[bf.pk])
    users["applicant"].refresh_from_db()
    assert users["applicant"].phone == "13900000009"  # corrected in step A
    assert "我要编辑" in c.get(r.url).content.decode()
    assert c.post(r.url).url == reverse("backfill:files", args=[bf.pk])

    # attachments: each allowed type by content, refused ones leave nothing behind
    files_url = reverse("backfill:files", args=[bf.pk])
    for name, content in [
        ("a.jpg", _jpg()),
        ("b.jpeg", _jpg()),
        ("c.bmp", _bmp()),
        ("d.png", _png()),
        ("e.pdf", minimal_pdf()),
    ]:
        r = c.post(files_url, {"kind": "certificate", "file": SimpleUploadedFile(name, content)})
        assert r.status_code == 302, r.content.decode()
    kinds = sorted(a.content_type for a in bf.attachments.all())
    assert kinds == ["application/pdf", "image/bmp", "image/jpeg", "image/jpeg", "image/png"]
    before = _stored_files()
    for name, content, message in [
        ("证书.pdf", _exe(), "文件内容不是允许的格式"),
        ("empty.png", b"", "文件是空的"),
        ("big.pdf", _pdf_of_size(4 * 1024 * 1024 + 1), "不能大于4M"),
    ]:
        r = c.post(files_url, {"kind": "approval", "file": SimpleUploadedFile(name, content)})
        body = r.content.decode()
        assert r.status_code == 200 and message in body, name
    assert bf.attachments.count() == 5 and _stored_files() == before
    exactly_4mb = _pdf_of_size(4 * 1024 * 1024)
    assert (
        c.post(files_url, {"kind": "approval", "file": SimpleUploadedFile("ok.pdf", exactly_4mb)}).status_code
        == 302
    )

    att = bf.attachments.filter(content_type="image/bmp").get()
    view = c.get(reverse("backfill:attachment-view", args=[bf.pk, att.pk])).content.decode()
    assert "放大" in view and "缩小" in view
    raw = c.get(reverse("backfill:attachment", args=[bf.pk, att.pk]))
    assert raw["Content-Type"] == "image/bmp" and raw["Content-Disposition"].startswith("inline")
    c.post(reverse("backfill:attachment-delete", args=[bf.pk, att.pk]))
    assert not BackfillAttachment.objects.filter(pk=att.pk).exists()

    # the 16 sections: basic, then rows; the highest degree is a toggle (one row at a time)
    menu = c.get(reverse("backfill:section", args=[bf.pk, "basic"])).content.decode()
    for label in (
        "联系方式",
        "人才工程",
        "职（执）业资格信息",
        "援疆信息",
        "获得知识产权",
        "国内外学术团体任职",
        "继续教育",
    ):
        assert label in menu
    r = c.post(
        reverse("backfill:section", args=[bf.pk, "basic"]),
        {
            "base_unit": users["base_short"].memberships.first().organisation_id,
            "work_unit_dept": "技术部",
            "ethnicity": "01",
            "political_status": "13",
            "work_start_date": "1999-08-01",
        },
    )
    assert r.status_code == 302
    c.post(
        reverse("backfill:section", args=[bf.pk, "contact"]),
        {"mobile": "13800000003", "address": "示例路1号"},
    )
    edu = {
        "education": "bachelor",
        "years": "4",
        "major": "机械",
        "school": "示例大学",
        "graduated_on": "1999-07-01",
    }
    c.post(reverse("backfill:section", args=[bf.pk, "education"]), {**edu, "highest": "on"})
    c.post(
        reverse("backfill:section", args=[bf.pk, "education"]),
        {**edu, "education": "master", "highest": "on"},
    )
    rows = list(BackfillEntry.objects.filter(backfill=bf, kind="education").order_by("pk"))
    assert [r.data["highest"] for r in rows] == [False, True]

    # submit: a confirm step, then 已经提交至基层工作单位
    page = c.get(reverse("backfill:submit", args=[bf.pk])).content.decode()
    assert "确定将补录申报表提交到基层工作单位" in page
    r = c.post(reverse("backfill:submit", args=[bf.pk]), {"confirm": "1"})
    bf.refresh_from_db()
    assert bf.current_label == "基层工作单位"
    status = c.get(reverse("backfill:home")).content.decode()
    assert "已经提交至基层工作单位" in status
    # frozen after submission
    c.post(reverse("backfill:section", args=[bf.pk, "contact"]), {"mobile": "13800000001", "address": "改"})
    assert BackfillEntry.objects.filter(backfill=bf, kind="contact").count() == 1


@pytest.fixture
def application(users, orgs):
    from tests.applications.factories import make_application, open_item

    item = open_item(orgs["committee_region"], users["committee_region"])
    return make_application(users["applicant"], item, orgs["base_short"])


def test_rows_can_be_copied_from_the_persons_application(client_for, users, make_backfill, application):
    app = application
    bf = make_backfill()
    SectionEntry.objects.create(
        application=app,
        kind="work_history",
        data={"start": "1999-08-01", "end": None, "employer": "示例公司", "post": "技术员"},
    )
    c = client_for("applicant")
    page = c.get(reverse("backfill:section", args=[bf.pk, "work_history"])).content.decode()
    assert "从申请书复制" in page
    c.post(reverse("backfill:copy", args=[bf.pk, "work_history"]))
    c.post(reverse("backfill:copy", args=[bf.pk, "work_history"]))  # twice copies nothing new
    expected = [
        e.data["employer"] for e in app.entries.filter(kind="work_history").order_by("position", "pk")
    ]
    assert "示例公司" in expected
    assert [
        e.data["employer"] for e in bf.entries.filter(kind="work_history").order_by("position")
    ] == expected


def test_the_platform_admin_exports_accepted_titles_one_row_each(client_for, users, make_backfill):
    from openpyxl import load_workbook

    from backfill import services

    bf = make_backfill(submitted=True)
    bf = services.forward_backfill(bf, by=users["base_short"], expected_step_id=bf.current_step_id)
    services.forward_backfill(bf, by=users["dept"], expected_step_id=bf.current_step_id)
    make_backfill("applicant2", submitted=True)  # not accepted: not exported
    admin = client_for("admin")
    wb = load_workbook(io.BytesIO(admin.get(reverse("backfill:national-export")).content))
    rows = list(wb.active.values)
    assert len(rows) == 2 and rows[1][0] == users["applicant"].display_name
    header = dict(zip(rows[0], rows[1], strict=True))
    assert header["任职资格批文文号"] == "新经信人事【2011】3号" and header["授予时间"] == "2001-06-30"
    csv_text = admin.get(reverse("backfill:national-export") + "?format=csv").content.decode("utf-8-sig")
    assert csv_text.count("\n") == 2 and "新经信人事【2011】3号" in csv_text


def test_the_application_form_offers_the_persons_title_records(client_for, users, make_backfill, application):
    bf = services_accept(make_backfill(submitted=True), users)
    url = reverse("applications:edit-section", args=[application.pk, "qualification"])
    c = client_for("applicant")
    page = c.get(url).content.decode()
    assert "我的职称记录" in page and bf.title_label in page
    record = bf.person.titles.get()
    c.post(url, {"title_record": record.pk})
    c.post(url, {"title_record": record.pk})  # the second import is refused
    [row] = application.entries.filter(kind="qualification")
    assert row.data["title"] == "工程师" and row.data["obtained_on"] == "2001-06-30"
    assert row.data["certificate_no"] == "20113202705"


def services_accept(bf, users):
    from backfill import services

    bf = services.forward_backfill(bf, by=users["base_short"], expected_step_id=bf.current_step_id)
    return services.forward_backfill(bf, by=users["dept"], expected_step_id=bf.current_step_id)


def test_my_e_certificates_page_lists_a_backfilled_title_as_a_record_without_an_e_certificate(
    client_for, users, make_backfill
):
    bf = services_accept(make_backfill(submitted=True), users)
    page = client_for("applicant").get(reverse("certificates:mine")).content.decode()
    assert "无电子证书的职称记录" in page and bf.title_label in page and "补录" in page

"""评审表: rendered on 上报 and every 重新上报 through the document pipeline; read back with pypdf."""

import io
import subprocess

import pytest
from django.urls import reverse
from pypdf import PdfReader

from applications import review_form
from applications.sections import SectionKind, columns
from zhicheng import documents
from zhicheng.documents import DocState

from .factories import ROWS, make_application

pytestmark = pytest.mark.django_db


def pdf_text_pages(data):
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def embedded_fonts(data):
    """BaseFont names of the fonts whose program is embedded in the file."""
    names = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].get_object().values():
            font = font.get_object()
            for desc in font.get("/DescendantFonts", [font]):
                descriptor = desc.get_object().get("/FontDescriptor")
                descriptor = descriptor.get_object() if descriptor else {}
                if any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    names.add(str(font["/BaseFont"]))
    return names


def render_submitted(users, orgs, item, django_capture_on_commit_callbacks, **kw):
    with django_capture_on_commit_callbacks(execute=True):
        app = make_application(users["applicant"], item, orgs["base_short"], submitted=True, **kw)
    doc = documents.latest(app, review_form.KIND)
    doc.refresh_from_db()
    return app, doc


def test_submitting_renders_a_review_form_with_every_section_row_and_the_watermark(
    users, orgs, item_region, django_capture_on_commit_callbacks
):
    app, doc = render_submitted(users, orgs, item_region, django_capture_on_commit_callbacks)
    assert doc.state == DocState.DONE and doc.version == 1
    data = doc.file.open("rb").read()
    pages = pdf_text_pages(data)
    text = "\n".join(pages)
    assert users["applicant"].display_name in text
    assert app.number in text
    for s in app.template().section_list():
        assert str(s.title) in text, s.title
    flat = "".join(text.split())
    entries = list(app.entries.all())
    assert entries
    for entry in entries:
        for label in columns(entry.kind):
            assert "".join(str(label).split()) in flat, label
        for _label, value in entry.display():
            if value not in ("", None):
                assert "".join(str(value).split()) in flat, (entry.kind, value)
    assert ROWS[SectionKind.ACHIEVEMENTS]["name"] in text
    assert review_form.RECOMMEND_SENTENCE in text
    assert "评审委员会意见" in text and "批准机关意见" in text
    for i, page in enumerate(pages, start=1):
        assert app.number in page and "新疆专业技术人员管理平台" in page, f"watermark missing on page {i}"
        assert "有水印方为有效" in page
    assert f"共{len(pages)}页" in pages[-1]
    assert any("Noto-Sans-CJK-SC" in name for name in embedded_fonts(data)), embedded_fonts(data)
    assert doc.pages == len(pages) >= 3


def test_the_qr_code_on_page_one_decodes_to_the_verification_url(
    users, orgs, item_region, django_capture_on_commit_callbacks, tmp_path
):
    from PIL import Image
    from pyzbar.pyzbar import decode

    _app, doc = render_submitted(users, orgs, item_region, django_capture_on_commit_callbacks)
    pdf = tmp_path / "form.pdf"
    pdf.write_bytes(doc.file.open("rb").read())
    subprocess.run(
        ["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png", str(pdf), str(tmp_path / "p")], check=True
    )
    image = Image.open(next(tmp_path.glob("p*.png")))
    decoded = [d.data.decode() for d in decode(image)]
    assert decoded == [documents.verify_url(doc)]


def test_resubmission_makes_version_two_and_version_one_says_superseded(
    users, orgs, item_region, django_capture_on_commit_callbacks, client
):
    from zhicheng import workflow

    app, v1 = render_submitted(users, orgs, item_region, django_capture_on_commit_callbacks)
    base_admin = users["base_short"]
    with django_capture_on_commit_callbacks(execute=True):
        workflow.send_back(
            app, by=base_admin, expected_step_id=app.current_step_id, opinion="请补充材料后重新上报。"
        )
    app.refresh_from_db()
    from applications import services

    with django_capture_on_commit_callbacks(execute=True):
        services.submit_application(app, by=users["applicant"], pledge=True)
    v2 = documents.latest(app, review_form.KIND)
    v1.refresh_from_db()
    assert v2.version == 2 and v2.state == DocState.DONE and v2.is_current
    assert not v1.is_current
    html = client.get(documents.verify_path(v1)).content.decode()
    assert "已被取代" in html and "最新为第2版" in html
    assert "已被取代" not in client.get(documents.verify_path(v2)).content.decode()


def test_the_verification_page_needs_no_login_and_masks_the_name(
    users, orgs, item_region, django_capture_on_commit_callbacks, client
):
    app, doc = render_submitted(users, orgs, item_region, django_capture_on_commit_callbacks)
    page = client.get(documents.verify_path(doc))
    html = page.content.decode()
    name = users["applicant"].display_name
    assert page.status_code == 200
    assert documents.mask_name(name) in html and name not in html
    assert app.number in html and doc.sha256 in html
    assert users["applicant"].id_number not in html


def test_download_answers_the_owner_and_chain_organisations_and_404_strangers(
    users, orgs, item_region, django_capture_on_commit_callbacks, client_for, client
):
    _app, doc = render_submitted(users, orgs, item_region, django_capture_on_commit_callbacks)
    url = documents.download_url(doc)
    expected = {"applicant": 200, "base_short": 200, "applicant2": 404, "committee_changji": 404}
    got = {key: client_for(key).get(url).status_code for key in expected}
    assert got == expected
    assert client.get(url).status_code == 302


def test_review_form_print_opens_the_progress_of_the_newest_version(
    users, orgs, item_region, django_capture_on_commit_callbacks, client_for
):
    app, doc = render_submitted(users, orgs, item_region, django_capture_on_commit_callbacks)
    url = reverse("applications:review-form", args=[app.pk])
    response = client_for("applicant").get(url)
    assert response.status_code == 302 and response["Location"].startswith(documents.progress_url(doc))
    assert client_for("base_short").get(url).status_code == 302
    assert client_for("applicant2").get(url).status_code == 404


def test_review_form_print_of_a_draft_says_it_comes_after_submission(users, orgs, item_region, client_for):
    app = make_application(users["applicant"], item_region, orgs["base_short"])
    response = client_for("applicant").get(reverse("applications:review-form", args=[app.pk]), follow=True)
    assert "上报后" in response.content.decode()


def test_the_committee_box_is_built_from_a_result_dict():
    import datetime as dt

    box = review_form.committee_box(
        {
            "meeting_date": dt.date(2026, 5, 20),
            "members": 9,
            "present": 8,
            "votes_for": 7,
            "votes_against": 1,
            "abstain": 0,
            "passed": True,
        }
    )
    assert box["filled"] and box["conclusion"] == "评审通过"
    assert ("表决结果", "同意7票，不同意1票，弃权0票") in box["lines"]
    assert review_form.committee_box(None)["filled"] is False


@pytest.mark.parametrize("scanned", ["url", "token", "number"])
def test_receive_accepts_what_a_scanner_types_from_the_qr_code(
    scanned, users, orgs, item_region, django_capture_on_commit_callbacks, client_for
):
    app, doc = render_submitted(users, orgs, item_region, django_capture_on_commit_callbacks)
    text = {"url": documents.verify_url(doc), "token": doc.token, "number": app.number}[scanned]
    committee = client_for("committee_region")
    page = committee.get(reverse("applications:receive"), {"number": text})
    assert page.status_code == 200 and page.context["found"] == app
    committee.post(reverse("applications:receive"), {"number": app.number, "confirm": "1"})
    app.refresh_from_db()
    assert app.materials_received_by == users["committee_region"]


def test_receive_reports_an_unknown_scan_and_receives_nothing(users, orgs, item_region, client_for):
    committee = client_for("committee_region")
    page = committee.get(reverse("applications:receive"), {"number": "http://x.example/v/" + "a" * 32 + "/"})
    assert page.context["found"] is None
    assert "未找到" in page.content.decode()


def test_the_one_inch_photo_of_the_profile_is_on_the_basic_information_page(
    users, orgs, item_region, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (295, 413), (200, 30, 30)).save(buf, format="PNG")
    applicant = users["applicant"]
    applicant.photo.save("photo.png", ContentFile(buf.getvalue()))
    _app, doc = render_submitted(users, orgs, item_region, django_capture_on_commit_callbacks)
    reader = PdfReader(io.BytesIO(doc.file.open("rb").read()))
    basic_page = next(p for p in reader.pages if "基本信息" in p.extract_text())
    sizes = {(img.image.width, img.image.height) for img in basic_page.images}
    assert (295, 413) in sizes


def test_review_form_print_never_sends_the_user_off_site(users, orgs, item_region, client_for):
    app = make_application(users["applicant"], item_region, orgs["base_short"])
    url = reverse("applications:review-form", args=[app.pk])
    response = client_for("applicant").get(url, {"back": "https://evil.example/x"})
    assert response.status_code == 302 and "evil" not in response["Location"]

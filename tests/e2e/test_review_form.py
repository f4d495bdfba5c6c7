"""评审表 in a real browser with a real worker: 评审表打印 shows the progress and then the download
without a reload; the committee types the QR content into 扫码接收材料. PDF pages → PNG."""

import subprocess

import pytest

from tests.conftest import ARTIFACTS
from tests.e2e import shows
from tests.e2e.test_application_flow import _login

pytestmark = [pytest.mark.e2e, pytest.mark.celery, pytest.mark.django_db(transaction=True)]


def test_print_the_review_form_then_receive_it_by_its_qr_code(
    celery_worker_real, page, live_server, screenshot_dir
):
    from accounts import demo
    from applications import review_form
    from applications.bench import submitted_application
    from tests.applications.factories import open_item
    from zhicheng import documents

    cast = demo.seed()
    users, orgs = cast["users"], cast["orgs"]
    item = open_item(orgs["committee_region"], users["committee_region"])
    _login(page, live_server, "sq_zhang", cast["password"])
    # submitted now, with many rows: the worker is still rendering when the applicant asks for it
    app = submitted_application(users["applicant"], item, orgs["base_short"], extra_rows=60)

    page.goto(f"{live_server.url}/applications/")
    page.click(f"#app-{app.pk} a:has-text('评审表打印')")
    page.wait_for_url("**/documents/*/**")
    first_state = page.inner_text(".doc-state")
    page.screenshot(path=str(screenshot_dir / "review-form-progress.png"), full_page=True)
    assert first_state in ("排队中", "生成中")
    page.evaluate("window.__notReloaded = true")
    page.wait_for_selector(".doc-ready:not([hidden])", timeout=180_000)
    assert page.inner_text(".doc-state") == "已生成"
    assert page.evaluate("window.__notReloaded === true"), "the page must update without a reload"
    page.screenshot(path=str(screenshot_dir / "review-form-ready.png"), full_page=True)
    with page.expect_download() as info:
        page.click(".doc-download")
    pdf_path = ARTIFACTS / "review-form.pdf"
    info.value.save_as(str(pdf_path))
    doc = documents.latest(app, review_form.KIND)
    assert documents.fingerprint(pdf_path.read_bytes()) == doc.sha256
    for old in screenshot_dir.glob("review-form-page-*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", str(pdf_path), str(screenshot_dir / "review-form-page")], check=True
    )
    assert len(list(screenshot_dir.glob("review-form-page-*.png"))) == doc.pages

    # the public verification page (no login)
    page.context.clear_cookies()
    page.goto(f"{live_server.url}{documents.verify_path(doc)}")
    shows(page, documents.mask_name(users["applicant"].display_name))
    page.screenshot(path=str(screenshot_dir / "review-form-verify.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})  # a phone: no sideways scrolling
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(screenshot_dir / "review-form-verify-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 720})

    # 扫码接收材料: a USB scanner types the QR content and Enter
    _login(page, live_server, "pw_region", cast["password"])
    page.goto(f"{live_server.url}/applications/receive/")
    page.fill("#id_number", documents.verify_url(doc))
    page.press("#id_number", "Enter")
    page.wait_for_selector(f"h3:has-text('{app.number}')")
    page.screenshot(path=str(screenshot_dir / "review-form-receive.png"), full_page=True)
    page.click("button:has-text('确认接收纸质材料')")
    page.wait_for_selector(".msg.success")
    app.refresh_from_db()
    assert app.materials_received_by == users["committee_region"]

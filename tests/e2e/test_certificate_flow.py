"""From passed applications to a verified certificate in a real browser: the committee drafts a
批文 and sends it, the 自治区 office approves, the batch progress shows, the applicant downloads
the signed certificate (rendered to PNG by pdftoppm for the screenshot), and a stranger verifies
it through 证书查询 and through the QR link.

Not covered (the meetings app is not merged here): 公示 page and objection handling."""

import subprocess

import pytest
from PIL import Image

from tests.applications.factories import open_item
from tests.certificates.conftest import make_passed

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _signing_key(settings, tmp_path):
    from certificates import signing

    settings.CERT_SIGNING_KEY_FILE = str(tmp_path / "signing" / "key.pem")
    settings.CERT_SIGNING_CERT_FILE = str(tmp_path / "signing" / "cert.pem")
    signing._signer.cache_clear()
    yield
    signing._signer.cache_clear()


def login(page, base, username, password):
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.fill("#id_captcha_1", "PASSED")
    page.click("button:has-text('登录')")
    page.wait_for_url("**/accounts/home/")


def test_approval_to_verified_certificate(page, live_server, cast, screenshot_dir, tmp_path, settings):
    from pyzbar.pyzbar import decode

    from certificates import signing
    from certificates.models import Approval, Certificate

    settings.SITE_URL = live_server.url
    orgs, users, password = cast["orgs"], cast["users"], cast["password"]
    item = open_item(orgs["committee_region"], users["committee_region"])
    make_passed(item, 2, holder=users["applicant"])
    base = live_server.url
    shot = lambda name: page.screenshot(path=str(screenshot_dir / f"certificate-{name}.png"), full_page=True)  # noqa: E731

    # the committee drafts the 批文 (every passed person pre-selected) and sends it to the office
    login(page, base, "pw_region", password)
    page.goto(f"{base}/certificates/approvals/")
    page.wait_for_selector("text=待列入批文的通过人员：3 人")
    page.click("text=起草批文")
    assert page.locator("input[name=applications]:checked").count() == 3
    page.fill("#id_granted_on", "2026-06-30")
    shot("1-draft")
    page.click("button:has-text('起草批文')")
    page.wait_for_selector("text=批文已起草")
    approval = Approval.objects.get()
    assert approval.number in page.content()
    page.click("text=报送职称办公室")
    page.click("button:has-text('报送')")
    page.wait_for_selector("text=批文已报送职称办公室")
    shot("2-sent")

    # the 自治区 title office approves; the committee's page shows the batch progress
    login(page, base, "zcb_region", password)
    page.goto(f"{base}/certificates/review/")
    page.click("a:has-text('办理')")
    page.click("a:has-text('批准')")
    page.click("button:has-text('批准')")
    page.wait_for_selector("text=批文已批准")
    page.wait_for_selector("#batch-text:has-text('3/3')")
    shot("3-approved-progress")
    assert Certificate.objects.count() == 3

    # the applicant downloads the certificate from 我的职称电子证书
    login(page, base, "sq_zhang", password)
    page.goto(f"{base}/accounts/home/")
    page.click("summary:has-text('我的职称')")
    page.click("text=我的职称电子证书")
    page.wait_for_selector("text=有效")
    shot("4-mine")
    with page.expect_download() as info:
        page.click("a.btn:has-text('下载')")
    pdf_path = tmp_path / "cert.pdf"
    info.value.save_as(pdf_path)
    data = pdf_path.read_bytes()
    assert signing.validate_pdf(data)[0]
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "110",
            "-png",
            "-singlefile",
            str(pdf_path),
            str(screenshot_dir / "certificate-5-pdf"),
        ],
        check=True,
    )
    png = screenshot_dir / "certificate-5-pdf.png"
    cert = Certificate.objects.get(holder=users["applicant"])
    page.goto(png.as_uri())
    shot("5-pdf-page")
    qr_url = decode(Image.open(png))[0].data.decode()
    assert qr_url == f"{base}/certificates/v/{cert.token}/"

    # a stranger: 证书查询 by number + name, then the QR link
    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/")
    page.click("text=证书查询")
    page.fill("#id_key", cert.number)
    page.fill("#id_name", cert.name)
    page.click("button:has-text('查询')")
    page.wait_for_selector("#query-result >> text=有效")
    assert cert.masked_id in page.content() and cert.id_number not in page.content()
    shot("6-query-phone")
    page.goto(qr_url)
    page.wait_for_selector("text=职称电子证书验证")
    assert cert.number in page.content() and "有效" in page.content()
    shot("7-verify-phone")

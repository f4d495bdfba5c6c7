"""From a meeting's result to a verified certificate in a real browser: the committee publishes
the 评审结果公示 (confirm step), a stranger raises an 异议 on the public page, the committee finds
it 不成立 (confirm step); once the period has ended the committee drafts a 批文 and sends it, the
自治区 office approves, the batch progress shows, the applicant downloads the signed certificate
(rendered to PNG by pdftoppm for the screenshot), and a stranger verifies it through 证书查询 and
through the QR link.

The clock of the 公示 rules (meetings.publicity.today) is moved, in the live server's process too:
the period starts on 2026-06-01 and ends on 2026-06-05 (5 working days, 含起始日)."""

import datetime as dt
import subprocess

import pytest
from PIL import Image

from tests.applications.factories import open_item
from tests.certificates.conftest import make_passed
from tests.e2e import shows

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


def test_meeting_result_to_verified_certificate(
    page, live_server, cast, screenshot_dir, tmp_path, settings, monkeypatch
):
    from pyzbar.pyzbar import decode

    from certificates import signing
    from certificates.models import Approval, Certificate
    from meetings import publicity
    from meetings.models import Objection, Publicity

    settings.SITE_URL = live_server.url
    monkeypatch.setattr(publicity, "today", lambda: dt.date(2026, 6, 1))
    orgs, users, password = cast["orgs"], cast["users"], cast["password"]
    item = open_item(orgs["committee_region"], users["committee_region"])
    make_passed(item, 2, holder=users["applicant"], publicised=False)  # a closed meeting, not yet on 公示
    base = live_server.url
    shot = lambda name: page.screenshot(path=str(screenshot_dir / f"certificate-{name}.png"), full_page=True)  # noqa: E731

    # the committee publishes the 公示: the list, the period and the fingerprint, then the confirm step
    login(page, base, "pw_region", password)
    page.click("summary:has-text('批文发证')")
    page.click("text=评审结果公示")
    page.click("a:has-text('发布公示')")
    page.fill("#id_contact", "自治区评委会办公室 0991-1234567")
    page.click("button:has-text('下一步')")
    page.wait_for_selector("text=2026/6/1 至 2026/6/5（共5个工作日，含起始日，按工作日计算）")
    shot("0a-publicity-confirm")
    page.click("button:has-text('确认发布')")
    page.wait_for_selector("text=评审结果公示已发布")
    pub = Publicity.objects.get()
    assert pub.entries.count() == 3 and pub.fingerprint in page.content()

    # a stranger reads it from the home page (on a phone) and raises an 异议 about one person
    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/")
    page.click("aside >> text=评审结果公示")
    page.click(f"text={pub.title}")
    page.wait_for_selector("#publicity-period:has-text('含起始日，按工作日计算')")
    assert users["applicant"].id_number not in page.content()
    shot("0b-publicity-public-phone")
    page.click("#raise-objection")
    target = pub.entries.get(application__applicant=users["applicant"])
    page.select_option("#id_entry", str(target.pk))
    page.fill("#id_name", "李实名")
    page.fill("#id_phone", "13900000005")
    page.fill("#id_text", "反映该同志业绩材料与事实不符。")
    page.fill("#id_captcha_1", "PASSED")
    page.click("button:has-text('提交异议')")
    page.wait_for_selector("text=您的异议已提交")
    page.set_viewport_size({"width": 1280, "height": 900})

    # the committee finds it 不成立 (confirm step)
    login(page, base, "pw_region", password)
    page.goto(f"{base}/meetings/publicity/{pub.pk}/")
    page.click("#objections >> a:has-text('处理')")
    page.check("input[name=decision][value=rejected]")
    page.fill("#id_reasons", "经核查，业绩材料真实，异议不成立。")
    page.click("button:has-text('下一步')")
    page.click("button:has-text('确认处理')")
    page.wait_for_selector("text=异议处理结果已记录")
    shot("0c-objection-handled")
    assert Objection.objects.get().status == "rejected"

    # until the period has ended nobody is waiting for a 批文; then all three are
    page.goto(f"{base}/certificates/approvals/")
    page.wait_for_selector("text=待列入批文的通过人员：0 人")
    monkeypatch.setattr(publicity, "today", lambda: dt.date(2026, 6, 8))

    # the committee drafts the 批文 (every passed person pre-selected) and sends it to the office
    page.goto(f"{base}/certificates/approvals/")
    page.wait_for_selector("text=待列入批文的通过人员：3 人")
    page.click("text=起草批文")
    assert page.locator("input[name=applications]:checked").count() == 3
    page.fill("#id_granted_on", "2026-06-30")
    shot("1-draft")
    page.click("button:has-text('起草批文')")
    page.wait_for_selector("text=批文已起草")
    approval = Approval.objects.get()
    shows(page, approval.number)
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
    shows(page, cert.number, "有效")
    shot("7-verify-phone")

"""Issue 9 item 7: after an error on 单位注册 the chosen licence is kept (its name is shown and it
need not be chosen again) and the page says plainly that the passwords must be typed again."""

import pytest

from accounts.synthetic import make_credit_code
from tests.accounts.factories import PDF_BYTES, new_id_number

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "Zhicheng#2026"


def test_the_licence_survives_an_error_and_the_password_notice_is_plain(
    page, live_server, orgs, screenshot_dir
):
    from accounts.models import Organisation

    base = live_server.url
    credit_code = make_credit_code("e2e-keep")
    page.goto(base + "/accounts/register/unit/")
    page.check("#id_agree")
    page.click("button:has-text('下一步')")
    page.fill("#id_admin_real_name", "保留附件管理员")
    page.fill("#id_admin_id_number", new_id_number(male=False))
    page.fill("#id_admin_phone", "13911223355")
    page.fill("#id_admin_email", "e2e-keep@example.cn")
    page.fill("#id_admin_password1", PASSWORD)
    page.fill("#id_admin_password2", PASSWORD)
    page.fill("#id_name", "昌吉市保留附件测试站")
    page.fill("#id_credit_code", credit_code)
    page.select_option("#id_unit_nature", "county_and_below")
    page.select_option("#id_region", str(orgs["county"].region_id))
    page.select_option("#id_parent", str(orgs["county"].pk))
    # 单位地址 left empty: the form comes back with an error
    page.fill("#id_contact_name", "联系人")
    page.fill("#id_contact_phone", "0994-5550001")
    page.set_input_files(
        "#id_licence",
        files=[{"name": "营业执照扫描件.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}],
    )
    page.fill("#id_captcha_1", "PASSED")
    page.click("button:has-text('提交注册')")
    page.wait_for_selector("#field-address .error")
    page.screenshot(path=str(screenshot_dir / "registration-unit-error-kept.png"), full_page=True)
    assert "营业执照扫描件.pdf" in page.locator(".pending-upload").inner_text()
    assert "请重新输入密码和确认密码" in page.locator("#password-again").inner_text()
    assert page.input_value("#id_admin_password1") == ""  # passwords are not sent back, and the page says so
    assert page.input_value("#id_name") == "昌吉市保留附件测试站"

    # fix the address, type the passwords again, do NOT choose the licence again
    page.fill("#id_address", "昌吉市测试大道2号")
    page.fill("#id_admin_password1", PASSWORD)
    page.fill("#id_admin_password2", PASSWORD)
    page.fill("#id_captcha_1", "PASSED")
    page.click("button:has-text('提交注册')")
    page.wait_for_url("**/accounts/me/units/*/")
    unit = Organisation.objects.get(credit_code=credit_code)
    assert unit.state == "in_review"
    assert unit.licence_name == "营业执照扫描件.pdf"
    assert unit.licence.read().startswith(b"%PDF")

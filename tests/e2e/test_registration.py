"""个人注册 and 单位注册 through the real pages, the 材料接收部门 approves, both new accounts log in."""

import pytest

from accounts.synthetic import make_credit_code
from tests.accounts.factories import PDF_BYTES, new_id_number
from tests.e2e import shows

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "Zhicheng#2026"


def login(page, base, username, password):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.fill("#id_captcha_1", "PASSED")
    page.click("button:has-text('登录')")
    page.wait_for_url("**/accounts/home/")


def logout(page):
    page.click("button:has-text('退出')")
    page.wait_for_url("**/")


def test_person_and_unit_register_and_the_receiving_department_approves(
    page, live_server, orgs, cast, screenshot_dir
):
    from accounts.models import Organisation, User

    base = live_server.url
    person_id = new_id_number()
    admin_id = new_id_number(male=False)
    credit_code = make_credit_code("e2e-unit")

    # 个人注册 from the home page
    page.goto(base + "/")
    page.screenshot(path=str(screenshot_dir / "registration-home.png"), full_page=True)
    page.click(".side-menu >> text=平台统一注册")
    page.fill("#id_real_name", "端到端申请人")
    page.fill("#id_id_number", person_id.lower())
    page.fill("#id_phone", "13987654321")
    page.fill("#id_email", "e2e-person@example.cn")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.fill("#id_captcha_1", "PASSED")
    page.screenshot(path=str(screenshot_dir / "registration-person-form.png"), full_page=True)
    page.click("button:has-text('注册')")
    page.wait_for_url("**/accounts/home/")
    shows(page, "注册成功")
    page.screenshot(path=str(screenshot_dir / "registration-person-home.png"), full_page=True)
    logout(page)

    # 单位注册: 注册须知, then 管理员信息 + 单位信息
    page.goto(base + "/accounts/register/unit/")
    page.screenshot(path=str(screenshot_dir / "registration-unit-notice.png"), full_page=True)
    page.check("#id_agree")
    page.click("button:has-text('下一步')")
    page.fill("#id_admin_real_name", "端到端单位管理员")
    page.fill("#id_admin_id_number", admin_id)
    page.fill("#id_admin_phone", "13911223344")
    page.fill("#id_admin_email", "e2e-unit@example.cn")
    page.fill("#id_admin_password1", PASSWORD)
    page.fill("#id_admin_password2", PASSWORD)
    page.fill("#id_name", "昌吉市端到端测试中心")
    page.fill("#id_credit_code", credit_code)
    page.select_option("#id_unit_nature", "county_and_below")
    page.select_option("#id_region", str(orgs["county"].region_id))
    page.select_option("#id_parent", str(orgs["county"].pk))
    page.fill("#id_address", "昌吉市测试大道1号")
    page.fill("#id_contact_name", "端到端联系人")
    page.fill("#id_contact_phone", "0994-5550000")
    page.set_input_files(
        "#id_licence", files=[{"name": "营业执照.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )
    page.fill("#id_captcha_1", "PASSED")
    page.screenshot(path=str(screenshot_dir / "registration-unit-form.png"), full_page=True)
    page.click("button:has-text('提交注册')")
    page.wait_for_url("**/accounts/me/units/*/")
    shows(page, "待审核")
    page.screenshot(path=str(screenshot_dir / "registration-unit-pending.png"), full_page=True)
    unit = Organisation.objects.get(credit_code=credit_code)
    assert unit.state == "in_review" and unit.current_org_id == orgs["county"].pk
    logout(page)

    # the 材料接收部门 approves
    login(page, base, "zg_cjs", cast["password"])
    page.goto(base + "/accounts/review/units/")
    page.screenshot(path=str(screenshot_dir / "registration-review-queue.png"), full_page=True)
    page.click("tr:has-text('昌吉市端到端测试中心') >> text=办理")
    page.screenshot(path=str(screenshot_dir / "registration-review-detail.png"), full_page=True)
    page.click("button:has-text('审核通过')")
    page.screenshot(path=str(screenshot_dir / "registration-review-confirm.png"), full_page=True)
    page.click("button:has-text('确认审核通过')")
    page.wait_for_url("**/accounts/review/units/")
    shows(page, "已审核通过")
    unit.refresh_from_db()
    assert unit.state == "accepted"
    logout(page)

    # both new accounts log in: the person by ID number, the unit admin by the credit code
    login(page, base, person_id, PASSWORD)
    shows(page, "端到端申请人")
    page.screenshot(path=str(screenshot_dir / "registration-person-login.png"), full_page=True)
    logout(page)
    login(page, base, credit_code, PASSWORD)
    shows(page, "端到端单位管理员")
    assert User.objects.get(id_number=admin_id).messages.filter(title="单位注册已审核通过").exists()
    page.goto(base + f"/accounts/me/units/{unit.pk}/")
    shows(page, "单位注册已审核通过")
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(screenshot_dir / "registration-unit-approved-phone.png"), full_page=True)

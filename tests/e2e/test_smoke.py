import pytest

from tests.e2e import shows

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_applicant_logs_in_in_a_real_browser(page, live_server, cast, screenshot_dir):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "sq_zhang")
    page.fill("#id_password", cast["password"])
    page.fill("#id_captcha_1", "PASSED")
    page.screenshot(path=str(screenshot_dir / "login.png"), full_page=True)
    page.click("button:has-text('登录')")
    page.wait_for_url("**/accounts/home/")
    shows(page, "我的主页")
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(screenshot_dir / "home-phone.png"), full_page=True)

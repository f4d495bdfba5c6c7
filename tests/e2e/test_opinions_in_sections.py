"""Issue 9 item 13: after a 回退 the 修改意见 sit at the top of their section, and the section
menu marks the sections that have opinions, with the count."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_opinions_are_on_top_of_their_section_and_counted_in_the_menu(
    page, live_server, cast, screenshot_dir
):
    from applications import services
    from applications.sections import SectionKind
    from tests.applications.factories import make_application, open_item, send_back

    users, orgs = cast["users"], cast["orgs"]
    item = open_item(orgs["committee_region"], users["committee_region"])
    app = make_application(users["applicant"], item, orgs["base_short"], submitted=True)
    unit_admin = users["base_short"]
    app.refresh_from_db()
    services.save_opinion(
        app, by=unit_admin, kind=SectionKind.EDUCATION, text="毕业证书扫描件不清晰，请重新上传。"
    )
    services.save_opinion(app, by=unit_admin, kind=SectionKind.WORK_HISTORY, text="工作经历起始时间有误。")
    send_back(app, unit_admin)

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "sq_zhang")
    page.fill("#id_password", cast["password"])
    page.fill("#id_captcha_1", "PASSED")
    page.click("button:has-text('登录')")
    page.wait_for_url("**/accounts/home/")

    page.goto(f"{live_server.url}/applications/{app.pk}/edit/basic/")
    education = page.locator(f".side-menu a[href$='/edit/{SectionKind.EDUCATION}/']")
    assert "修改意见 1" in education.inner_text()
    assert page.locator(".side-menu a.has-opinions").count() == 2  # only the sections with opinions
    assert "修改意见" not in page.locator(".side-menu a.active").inner_text()
    assert page.locator(".opinions").count() == 0  # 基本信息 has none

    education.click()
    page.wait_for_selector(".opinions")
    opinions = page.locator(".opinions").bounding_box()
    form = page.locator("form.row-form").bounding_box()
    attachments = page.locator("section.attachments").bounding_box()
    assert opinions["y"] < form["y"] and opinions["y"] < attachments["y"]
    assert opinions["y"] < page.viewport_size["height"]  # seen without scrolling
    assert "毕业证书扫描件不清晰" in page.locator(".opinions").inner_text()
    page.screenshot(path=str(screenshot_dir / "opinions-on-top.png"), full_page=True)

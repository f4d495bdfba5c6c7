"""Issue 9 item 1: a saved date comes back into <input type="date"> as an ISO value that the
browser shows, so the next 保存 (also after a 回退) goes through."""

import pytest

from tests.e2e import shows

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _login(page, base, username, password):
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.fill("#id_captcha_1", "PASSED")
    page.click("button:has-text('登录')")
    page.wait_for_url("**/accounts/home/")


def _shown(page, selector):
    """The value the browser really holds (an invalid value attribute reads as '')."""
    return page.eval_on_selector(selector, "el => el.value")


def test_every_application_date_input_round_trips_in_the_browser(page, live_server, cast, screenshot_dir):
    from applications.models import Application, SectionEntry
    from applications.sections import SectionKind
    from tests.applications.factories import make_application, open_item

    users, orgs = cast["users"], cast["orgs"]
    item = open_item(orgs["committee_region"], users["committee_region"])
    app = make_application(users["applicant"], item, orgs["base_short"])
    base = live_server.url
    _login(page, base, "sq_zhang", cast["password"])

    # 基本信息: the saved 参加工作时间 is shown, and 保存 twice in a row succeeds
    page.goto(f"{base}/applications/{app.pk}/edit/basic/")
    assert _shown(page, "#id_work_start_date") == "2010-08-01"
    page.fill("#id_work_start_date", "2011-03-05")
    page.click("form button.primary:has-text('保存')")
    page.wait_for_selector("text=基本信息已保存。")
    assert _shown(page, "#id_work_start_date") == "2011-03-05"
    page.click("form button.primary:has-text('保存')")
    page.wait_for_selector("text=基本信息已保存。")
    assert "这个字段是必须的" not in page.content()
    page.screenshot(path=str(screenshot_dir / "date-basic.png"), full_page=True)
    app.refresh_from_db()
    assert app.work_start_date.isoformat() == "2011-03-05"

    # every row section with a date: editing a saved row shows its dates, the table shows 2010/7/1
    for kind, field in ((SectionKind.EDUCATION, "graduated_on"), (SectionKind.WORK_HISTORY, "start")):
        entry = SectionEntry.objects.get(application=app, kind=kind)
        page.goto(f"{base}/applications/{app.pk}/edit/{kind}/")
        stored = entry.data[field]
        y, m, d = (int(x) for x in stored.split("-"))
        assert f"{y}/{m}/{d}" in page.locator("table.list").inner_text()
        assert stored not in page.locator("table.list").inner_text()
        page.goto(f"{base}/applications/{app.pk}/edit/{kind}/?entry={entry.pk}")
        assert _shown(page, f"#id_{field}") == stored
        page.click("form.row-form button:has-text('保存')")
        page.wait_for_selector("text=已保存。")
    assert Application.objects.get(pk=app.pk).entries.count() >= 2


def test_the_plan_times_of_a_filing_round_trip_in_the_browser(page, live_server, cast, screenshot_dir):
    from tests.applications.factories import qualification
    from tests.filings.factories import FilingFactory

    users, orgs = cast["users"], cast["orgs"]
    filing = FilingFactory(
        committee=orgs["committee_region"],
        created_by=users["committee_region"],
        qualifications=[qualification()],
    )
    start = filing.items.get().apply_start
    base = live_server.url
    _login(page, base, "pw_region", cast["password"])
    page.goto(f"{base}/filings/{filing.pk}/step/3/")
    page.screenshot(path=str(screenshot_dir / "date-plan-times.png"), full_page=True)
    shows(page, f"{start.year}/{start.month}/{start.day}")
    values = page.eval_on_selector_all("input[type=date]", "els => els.map(e => e.value)")
    assert start.isoformat() in values

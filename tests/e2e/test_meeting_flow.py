"""A 评审会议 in a real browser: create, file, the office accepts, the draw (hash before, seed after),
four experts vote on their phones (390×844), the secretary closes, the applicant sees 查看评审结果."""

import pytest

from tests.e2e import shows

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, username, password):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.fill("#id_captcha_1", "PASSED")
    page.click("button:has-text('登录')")
    page.wait_for_url("**/accounts/home/")


def test_a_meeting_from_creation_to_the_applicants_result(page, browser, live_server, screenshot_dir):
    from accounts import demo
    from meetings.models import Meeting
    from tests.applications.factories import make_application, open_item, recommend, walk
    from tests.experts.factories import expert

    cast = demo.seed()
    users, orgs = cast["users"], cast["orgs"]
    committee = orgs["committee_region"]
    item = open_item(committee, users["committee_region"])
    app = make_application(users["applicant"], item, orgs["base_short"], submitted=True)
    recommend(app, users["base_short"])
    for reviewer in ("base_short", "dept", "committee_region"):
        app = walk(app, users[reviewer])
    assert app.state == "accepted"
    experts = [expert(committee, item.qualification.specialty) for _ in range(4)]
    shot = lambda p, name: p.screenshot(path=str(screenshot_dir / f"meeting-{name}.png"), full_page=True)  # noqa: E731

    # the committee creates the meeting; every application at 通过形式审核 is a candidate
    _login(page, live_server, "pw_region", cast["password"])
    page.goto(f"{live_server.url}/meetings/new/")
    page.select_option("#id_filing", str(item.filing_id))
    page.fill("#id_title", "浏览器评审会议")
    page.fill("#id_meeting_date", item.meeting_date.isoformat())
    page.click("button:has-text('创建')")
    shows(page, app.number)
    page.fill("form.quota input[name=members]", "4")
    page.click("form.quota button:has-text('保存')")
    shows(page, "抽取人数已保存")
    shot(page, "1-created")
    page.click("#file-meeting")
    page.click("button:has-text('确认无误我要提交')")
    shows(page, "评审会议备案已提交职称办公室")
    meeting = Meeting.objects.get(title="浏览器评审会议")

    # the title office accepts the 评审会议备案
    _login(page, live_server, "zcb_region", cast["password"])
    page.goto(f"{live_server.url}/filings/review/{meeting.record_id}/")
    page.click("a:has-text('接收')")
    page.click("button:has-text('接收')")
    shows(page, "已接收材料")
    shot(page, "2-office-accepted")

    # the draw: the hash is shown before, the seed after
    _login(page, live_server, "pw_region", cast["password"])
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    page.click("#prepare-draw")
    page.click("button:has-text('生成并公布')")
    seed_hash = page.inner_text("#seed-hash")
    assert len(seed_hash) == 64 and page.locator("#seed").count() == 0
    shot(page, "3-hash-before-draw")
    page.click("#run-draw")
    page.click("button:has-text('抽取')")
    meeting.refresh_from_db()
    assert page.inner_text("#seed") == meeting.seed and page.inner_text("#seed-hash") == seed_hash
    shot(page, "4-seed-after-draw")
    # attendance: three of four is not 2/3 of 4? 3*3=9 >= 8: it is; record all four, chair the first
    for box in page.locator("input[name=present]").all():
        box.check()
    page.locator("input[name=chair]").first.check()
    page.click("button:has-text('保存签到')")
    shows(page, "已达到三分之二")
    page.click("#open-meeting")
    page.click("button:has-text('开始会议')")
    shows(page, "会议已开始")

    # four experts vote on their phones
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True)
    ppage = phone.new_page()
    for i, e in enumerate(experts):
        _login(ppage, live_server, e.user.username, "pw")
        ppage.goto(f"{live_server.url}/meetings/tasks/")
        ppage.click("a:has-text('进入投票')")
        ppage.check("input[value=agree]" if i < 3 else "input[value=disagree]")
        ppage.click("button:has-text('投票')")
        shows(ppage, "投票后不能更改")
        ppage.click("button:has-text('确认投票')")
        shows(ppage, "投票成功", "已投票")
        width = ppage.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, width
        ppage.screenshot(path=str(screenshot_dir / f"meeting-5-phone-ballot-{i + 1}.png"), full_page=True)
    phone.close()

    # the secretary closes the vote: 3 of 4 同意, 3*3 >= 4*2 → 通过
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    shows(page, "已投4/4")
    page.click("a.close-vote")
    page.click("button:has-text('结束投票')")
    shows(page, "投票已结束", "同意3 不同意1 弃权0")
    shot(page, "6-closed")

    # the applicant sees 查看评审结果
    _login(page, live_server, "sq_zhang", cast["password"])
    page.goto(f"{live_server.url}/applications/")
    page.click("a:has-text('查看评审结果')")
    assert "通过" in page.inner_text(".result-passed")
    shot(page, "7-applicant-result")

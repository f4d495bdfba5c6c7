"""Issue 9, item 2: a stale 上报 / 回退 / 审核通过 link — the reviewer's page was opened before
somebody else handled the record — shows the platform page with 「该记录已被他人处理，请刷新后重试」
and a link back to the queue, on GET (back button, bookmarked link) and on POST, in every chain."""

import pytest

from tests.e2e.test_application_flow import _login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MESSAGE = "该记录已被他人处理，请刷新后重试"


def _expect_stale(page, live_server, queue_path, shot):
    assert MESSAGE in page.inner_text("body")
    assert "403" not in page.title() and "Forbidden" not in page.content()
    page.screenshot(path=str(shot), full_page=True)
    page.click("a:has-text('返回待办列表')")
    page.wait_for_url(f"**{queue_path}")


def _unit(cast):
    from tests.accounts.factories import UnitFactory, UserFactory

    return UnitFactory(
        name="过期链接示例单位", parent=cast["orgs"]["county"], pending=True, admin=UserFactory()
    )


def _filing(cast):
    from filings.constants import Level
    from filings.models import Qualification, ReviewableQualification
    from tests.filings.factories import FilingFactory

    committee = cast["orgs"]["committee_changji"]
    q = Qualification.objects.get(
        specialty__series__code="engineering", specialty__name="机械电子专业", level=Level.ZHONGJI
    )
    ReviewableQualification.objects.get_or_create(committee=committee, qualification=q)
    return FilingFactory(
        committee=committee, created_by=cast["users"]["committee_changji"], qualifications=[q], submitted=True
    )


def _application(cast):
    from tests.applications.factories import make_application, open_item

    users, orgs = cast["users"], cast["orgs"]
    item = open_item(orgs["committee_region"], users["committee_region"])
    return make_application(users["applicant"], item, orgs["base_short"], submitted=True)


def test_a_unit_approval_confirmed_after_somebody_else_acted(page, live_server, screenshot_dir):
    from accounts import demo, services

    cast = demo.seed()
    unit = _unit(cast)
    _login(page, live_server, "zg_cjs", cast["password"])
    page.goto(f"{live_server.url}/accounts/review/units/{unit.pk}/")
    page.click("button:has-text('审核通过')")
    page.wait_for_selector("button:has-text('确认审核通过')")
    # a colleague approves it meanwhile
    services.approve_unit(unit, by=cast["users"]["county"], expected_step_id=unit.current_step_id)
    page.click("button:has-text('确认审核通过')")
    _expect_stale(page, live_server, "/accounts/review/units/", screenshot_dir / "stale-unit-post.png")
    # the back button / a bookmarked link: GET
    page.goto(f"{live_server.url}/accounts/review/units/{unit.pk}/return/")
    _expect_stale(page, live_server, "/accounts/review/units/", screenshot_dir / "stale-unit-get.png")


def test_a_filing_accepted_from_a_stale_page(page, live_server, screenshot_dir):
    from accounts import demo
    from filings import services

    cast = demo.seed()
    filing = _filing(cast)
    _login(page, live_server, "zcb_changji", cast["password"])
    page.goto(f"{live_server.url}/filings/review/{filing.pk}/")
    page.click("a:has-text('接收')")
    page.wait_for_selector("button:has-text('接收')")
    services.return_filing(
        filing, by=cast["users"]["office_changji"], expected_step_id=filing.current_step_id, opinion="请补充"
    )
    page.click("button:has-text('接收')")
    _expect_stale(page, live_server, "/filings/review/", screenshot_dir / "stale-filing-post.png")
    page.goto(f"{live_server.url}/filings/review/{filing.pk}/accept/")
    _expect_stale(page, live_server, "/filings/review/", screenshot_dir / "stale-filing-get.png")


def test_an_application_returned_and_forwarded_from_stale_pages(page, live_server, screenshot_dir):
    from accounts import demo
    from applications import services

    cast = demo.seed()
    app = _application(cast)
    _login(page, live_server, "dw_jixie", cast["password"])
    page.goto(f"{live_server.url}/applications/{app.pk}/return/")
    page.fill("#id_reason", "学历附件不清晰")
    services.return_application(
        app, by=cast["users"]["base_short"], expected_step_id=app.current_step_id, reason="已由同事回退"
    )
    page.click("button:has-text('确定回退')")
    _expect_stale(page, live_server, "/applications/queue/", screenshot_dir / "stale-application-post.png")
    page.goto(f"{live_server.url}/applications/{app.pk}/forward/")
    _expect_stale(page, live_server, "/applications/queue/", screenshot_dir / "stale-application-get.png")
    app.refresh_from_db()
    assert app.state == "returned" and app.return_count == 1

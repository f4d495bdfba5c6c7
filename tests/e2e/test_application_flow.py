"""An application in a real browser: fill, submit, opinion + return, fix, resubmit, up to 通过形式审核."""

import pytest

from applications import unit_publicity
from applications.demo import demo_png
from filings.demo import minimal_pdf
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


def _chain_shot(page, live_server, cast, screenshot_dir, name):
    _login(page, live_server, "sq_zhang", cast["password"])
    page.goto(f"{live_server.url}/applications/")
    page.screenshot(path=str(screenshot_dir / f"application-chain-{name}.png"), full_page=True)
    return [t.strip() for t in page.locator(".chain-node.current .node-label").all_inner_texts()]


def _act(page, live_server, cast, username, app, button):
    _login(page, live_server, username, cast["password"])
    page.goto(f"{live_server.url}/applications/queue/")
    page.click(f"tr:has-text('{app.number}') a:has-text('办理')")
    page.click(f".actions a:has-text('{button}')")
    page.click("button:has-text('确定')")


def test_an_application_goes_up_the_whole_chain_in_a_browser(page, live_server, screenshot_dir):
    from accounts import demo
    from applications.models import Application
    from applications.sections import SectionKind
    from tests.applications.factories import ROWS, open_item

    cast = demo.seed()
    users, orgs = cast["users"], cast["orgs"]
    item = open_item(orgs["committee_region"], users["committee_region"])

    # the applicant: 新增申请书 → region confirmation → choose the qualification
    _login(page, live_server, "sq_zhang", cast["password"])
    page.goto(f"{live_server.url}/applications/new/")
    page.click("a:has-text('确定，在此地区申报')")
    page.check(f"#fi-{item.pk}")
    page.click("button:has-text('我要申报')")
    page.wait_for_url("**/edit/basic/")
    app = Application.objects.get(applicant=users["applicant"])
    # 基本信息 with the unit picker
    page.fill("#id_unit_q", "机械")
    page.click("button:has-text('查找')")
    page.select_option("#id_base_unit", str(orgs["base_short"].pk))
    page.select_option("#id_unit_nature", "region_direct")
    page.fill("#id_work_unit_dept", "技术部")
    page.fill("#id_work_start_date", "2010-08-01")
    page.select_option("#id_ethnicity", "01")
    page.select_option("#id_political_status", "13")
    page.fill("#id_phone", "13800000003")
    page.click("form button:has-text('保存')")
    shows(page, "基本信息已保存")
    # one repeating section through the page, the rest prepared directly to keep the test short
    page.click(".side-menu a:has-text('工作简历')")
    page.fill("#id_start", "2010-08-01")
    page.fill("#id_employer", "新疆示例机械制造有限公司")
    page.fill("#id_post", "工程师")
    page.click("form.row-form button:has-text('保存')")
    page.click(".side-menu a:has-text('学历学位')")
    page.set_input_files(
        "input[type=file]",
        files=[{"name": "毕业证书.pdf", "mimeType": "application/pdf", "buffer": minimal_pdf("diploma")}],
    )
    page.click("button:has-text('上传附件')")
    for kind in (
        SectionKind.EDUCATION,
        SectionKind.ACHIEVEMENTS,
        SectionKind.CONTINUING,
        SectionKind.APPRAISAL,
    ):
        app.entries.create(kind=kind, data=ROWS[kind])
    page.goto(f"{live_server.url}/applications/{app.pk}/submit/")
    page.check("#id_pledge")
    page.click("button:has-text('确定上报')")
    page.wait_for_url("**/applications/")
    assert _chain_shot(page, live_server, cast, screenshot_dir, "1-base-unit") == ["基层工作单位"]

    # the base unit writes an opinion on 学历学位 and returns
    _login(page, live_server, "dw_jixie", cast["password"])
    page.goto(f"{live_server.url}/applications/{app.pk}/")
    page.fill("#op-education", "学位证书扫描件不清晰，请重新上传")
    page.click("#sec-education button:has-text('保存')")
    shows(page, "此申请书有")
    page.click(".actions a:has-text('回退')")
    page.fill("#id_reason", "请按修改意见修改学历学位栏目")
    page.click("button:has-text('确定回退')")

    # the applicant sees the opinion, fixes and resubmits
    _login(page, live_server, "sq_zhang", cast["password"])
    page.goto(f"{live_server.url}/applications/{app.pk}/edit/education/")
    shows(page, "学位证书扫描件不清晰")
    page.screenshot(path=str(screenshot_dir / "application-returned-opinion.png"), full_page=True)
    page.set_input_files(
        "input[type=file]",
        files=[{"name": "学位证书.pdf", "mimeType": "application/pdf", "buffer": minimal_pdf("degree")}],
    )
    page.click("button:has-text('上传附件')")
    page.goto(f"{live_server.url}/applications/{app.pk}/submit/")
    page.check("#id_pledge")
    page.click("button:has-text('确定上报')")
    page.wait_for_url("**/applications/")
    assert _chain_shot(page, live_server, cast, screenshot_dir, "2-base-unit-again") == ["基层工作单位"]

    # the base unit recommends and forwards; the department forwards; the committee passes
    _login(page, live_server, "dw_jixie", cast["password"])
    page.goto(f"{live_server.url}/applications/{app.pk}/")
    page.fill("#id_leader", "郑海")
    page.fill("#id_phone", "0991-0000108")
    page.fill("#id_mobile", "13800000001")
    page.fill("#id_email", "unit@example.cn")
    page.fill("#id_text", "该同志已达到申报机械电子专业高级工程师资格条件，同意推荐。")
    page.click("#recommendation button:has-text('保存')")
    # 上报 is refused until the unit's 公示 (guide 004) has ended: the card says what is missing
    _act(page, live_server, cast, "dw_jixie", app, "上报")
    shows(page, "上报前请完成本单位公示")
    assert page.locator("#unit-publicity .error.problem").count() == 3
    page.click("#unit-publicity a:has-text('登记推荐单位公示')")
    start, end = unit_publicity.latest_ended_period(orgs["base_short"].region)
    page.fill("#id_start", start.isoformat())
    page.fill("#id_end", end.isoformat())
    page.fill("#id_office", "本单位人事办公室")
    page.fill("#id_politics", "拥护党的路线方针政策，遵纪守法。")
    page.click("#publicity-dates button:has-text('登记公示时间')")
    page.set_input_files(
        "#id_photo-file", files=[{"name": "公示照片.png", "mimeType": "image/png", "buffer": demo_png()}]
    )
    page.click("#publicity-photo button:has-text('上传')")
    page.set_input_files(
        "#id_result-file",
        files=[{"name": "公示结果.pdf", "mimeType": "application/pdf", "buffer": minimal_pdf("result")}],
    )
    page.click("#publicity-result button:has-text('上传')")
    shows(page, "可以上报", "含起始日，按工作日计算")
    page.screenshot(path=str(screenshot_dir / "application-unit-publicity.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(screenshot_dir / "application-unit-publicity-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})
    _act(page, live_server, cast, "dw_jixie", app, "上报")
    assert _chain_shot(page, live_server, cast, screenshot_dir, "3-department") == ["地厅级材料接收部门"]
    _act(page, live_server, cast, "zg_gxt", app, "上报")
    assert _chain_shot(page, live_server, cast, screenshot_dir, "4-committee") == ["评审机构"]
    _act(page, live_server, cast, "pw_region", app, "通过形式审核")
    _chain_shot(page, live_server, cast, screenshot_dir, "5-passed")
    shows(page, "通过形式审核")
    app.refresh_from_db()
    assert app.state == "accepted"
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(screenshot_dir / "application-chain-phone.png"), full_page=True)

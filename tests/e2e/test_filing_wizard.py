"""A committee files its review plan through all 7 steps in a real browser; the 地州 office
returns it once with an opinion, the committee fixes and resubmits, the office accepts it."""

import datetime as dt
import re

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def login(page, base, username, password):
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.fill("#id_captcha_1", "PASSED")
    page.click("button:has-text('登录')")
    page.wait_for_url("**/accounts/home/")


def test_committee_files_through_seven_steps_and_the_office_returns_then_accepts(
    page, live_server, cast, screenshot_dir, tmp_path
):
    from filings.demo import minimal_pdf
    from filings.models import Filing, Qualification, ReviewableQualification
    from filings.services import open_windows

    orgs, users, password = cast["orgs"], cast["users"], cast["password"]
    for level in ("zhuliji", "zhongji"):
        ReviewableQualification.objects.create(
            committee=orgs["committee_changji"],
            qualification=Qualification.objects.get(specialty__name="机械电子专业", level=level),
        )
    base = live_server.url
    shot = lambda name: page.screenshot(path=str(screenshot_dir / f"filing-{name}.png"), full_page=True)  # noqa: E731

    login(page, base, "pw_changji", password)
    page.goto(f"{base}/filings/")
    page.click("text=新增【评审工作事前】备案")

    # 1 填写基本信息 — a refusal first, then the real thing
    page.click("button:has-text('下一步')")
    page.wait_for_selector("text=此项为必填项。")
    assert page.locator("text=此项为必填项。").count() >= 5
    page.fill("#id_title", "关于机械电子专业的会议备案")
    page.select_option("#id_type", "review")
    page.select_option("#id_work_year", str(timezone.localdate().year))
    page.check("input[name=level][value=chuzhong]")
    page.fill("#id_location", "昌吉市示例路1号州人社局")
    page.fill("#id_leader_name", "负责人甲")
    page.fill("#id_leader_phone", "0994-1234567")
    page.select_option("#id_contact_user", str(users["committee_changji"].pk))
    assert page.input_value("#id_contact_name") == users["committee_changji"].display_name
    page.fill("#id_contact_phone", "0994-7654321")
    page.fill("#id_contact_mobile", "13900000001")
    shot("1-basic")
    page.click("button:has-text('下一步')")

    # 2 选择专业资格
    page.wait_for_url("**/step/2/")
    page.check("#available input[type=checkbox][aria-label='全选机械电子专业']")
    page.click("button:has-text('添加选中资格')")
    page.wait_for_selector("#chosen >> text=工程师[中级]")
    shot("2-qualifications")
    page.click("button:has-text('选择完成下一步')")

    # 3 设置计划时间 — a wrong order is refused beside the field, then 批量设置
    page.wait_for_url("**/step/3/")
    today = timezone.localdate()
    page.click("summary:has-text('批量设置所有资格计划时间')")
    batch = page.locator("details.batch")
    batch.locator("input[name=apply_start]").fill(today.isoformat())
    batch.locator("input[name=apply_end]").fill((today + dt.timedelta(days=20)).isoformat())
    batch.locator("input[name=meeting_date]").fill((today + dt.timedelta(days=10)).isoformat())
    batch.locator("input[name=approval_date]").fill((today + dt.timedelta(days=40)).isoformat())
    batch.locator("button:has-text('保存')").click()
    page.wait_for_selector("text=上会时间应晚于申报截止时间。")
    batch = page.locator("details.batch")
    batch.locator("input[name=meeting_date]").fill((today + dt.timedelta(days=30)).isoformat())
    batch.locator("button:has-text('保存')").click()
    page.wait_for_selector("text=已设置2个资格的计划时间。")
    shot("3-times")
    page.click("button:has-text('设置完成下一步')")

    # 4 工作通知 in the vendored rich-text editor
    page.wait_for_url("**/step/4/")
    page.fill("#id_notice_title", "关于做好年度职称评审工作的通知")
    page.click("trix-editor")
    page.keyboard.type("一、申报范围：全州工程技术人员。")
    page.click("button[data-trix-attribute=bold]")
    page.keyboard.type("无需提交纸质材料。")
    shot("4-notice")
    page.click("button:has-text('下一步')")

    # 5 本单位用户
    page.wait_for_url("**/step/5/")
    page.click("button:has-text('下一步')")

    # 6 上传附件 — required ones are enforced, a non-PDF is refused
    page.wait_for_url("**/step/6/")
    page.click("button:has-text('选择完成下一步')")
    page.wait_for_selector("text=请上传(二)职称评审办事机构工作人员名册。")
    fake = tmp_path / "名册.pdf"
    fake.write_bytes(b"not a pdf at all")
    page.select_option("#id_kind", "roster")
    page.set_input_files("#id_file", str(fake))
    page.click("#upload-form button:has-text('上传')")
    page.wait_for_selector("#upload-status:has-text('文件不是pdf格式')")
    for kind, name in (("roster", "工作人员名册.pdf"), ("pledge", "诚信承诺书.pdf")):
        pdf = tmp_path / name
        pdf.write_bytes(minimal_pdf(kind))
        page.select_option("#id_kind", kind)
        page.set_input_files("#id_file", str(pdf))
        page.click("#upload-form button:has-text('上传')")
        page.wait_for_selector(f".attachments >> text={name}")
    shot("6-attachments")
    page.click("button:has-text('选择完成下一步')")

    # 7 备案确认提交
    page.wait_for_url("**/step/7/")
    page.wait_for_selector("text=提交以后，将无法再修改")
    assert page.locator(".notice-body strong:has-text('无需提交纸质材料')").count() == 1
    shot("7-confirm")
    page.click("button:has-text('确认无误我要提交')")
    page.wait_for_url(re.compile(r".*/filings/\d+/$"))
    filing = Filing.objects.get()
    assert filing.current_org == orgs["office_changji"]

    # the 地州 office returns it with an opinion
    login(page, base, "zcb_changji", password)
    page.goto(f"{base}/filings/review/")
    page.click("table.list a:has-text('办理')")
    page.fill("#id_reason", "请补充评审工作方案")
    page.click("#review-actions button:has-text('退回')")
    page.click("button:has-text('确认退回')")  # the one review action's confirm step
    page.wait_for_selector("text=备案已退回评审机构。")

    # the committee sees the opinion in the wizard, fixes and resubmits
    login(page, base, "pw_changji", password)
    page.goto(f"{base}/filings/")
    page.click("table.list a:has-text('编辑')")
    page.wait_for_selector("text=办理意见：请补充评审工作方案")
    page.goto(f"{base}/filings/{filing.pk}/step/6/")
    plan = tmp_path / "评审工作方案.pdf"
    plan.write_bytes(minimal_pdf("plan"))
    page.select_option("#id_kind", "plan")
    page.set_input_files("#id_file", str(plan))
    page.click("#upload-form button:has-text('上传')")
    page.wait_for_selector(".attachments >> text=评审工作方案.pdf")
    shot("6-returned-fixed")
    page.click("button:has-text('选择完成下一步')")
    page.click("button:has-text('确认无误我要提交')")
    page.wait_for_url(re.compile(r".*/filings/\d+/$"))

    # the office accepts (confirm step, then 接收)
    login(page, base, "zcb_changji", password)
    page.goto(f"{base}/filings/review/{filing.pk}/")
    page.click("a.btn:has-text('接收')")
    page.click("button:has-text('接收')")
    page.wait_for_selector("text=已接收材料。")

    # the committee's detail page: chain highlighted, flow log with 用时
    login(page, base, "pw_changji", password)
    page.goto(f"{base}/filings/{filing.pk}/")
    page.wait_for_selector(".flow-log")
    assert page.locator(".chain-node.done").count() == 3
    page.hover(".chain-node:nth-child(2)")
    assert page.locator(".chain-node:nth-child(2) .node-contact").is_visible()
    assert page.locator(".flow-log .dur").count() >= 3
    shot("flow-log")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/filings/")
    shot("list-phone")

    assert len(open_windows()) == 2

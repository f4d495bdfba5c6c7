"""历史数据补录 (guide 003) in a real browser, desktop and phone: profile photos, the form's steps,
uploads with zoom, the 16 sections, submit; the base unit returns it with an opinion, the person
fixes and resubmits, the base unit and the 主管单位 accept, the title appears in the history."""

import pytest

from backfill.constants import SECTION_KINDS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def login(page, base, username, password):
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.fill("#id_captcha_1", "PASSED")
    page.click("button:has-text('登录')")
    page.wait_for_url("**/accounts/home/")


def test_the_whole_guide_from_photos_to_the_title_history(page, live_server, cast, screenshot_dir, tmp_path):
    from backfill import demo
    from backfill.models import Backfill, Issuer
    from filings.demo import minimal_pdf
    from filings.models import Qualification, Specialty

    demo.seed_reference(cast)
    users, orgs, password = cast["users"], cast["orgs"], cast["password"]
    base = live_server.url
    page.set_viewport_size(DESKTOP)

    def shot(name, phone=False):
        page.screenshot(path=str(screenshot_dir / f"backfill-{name}.png"), full_page=True)
        if phone:
            page.set_viewport_size(PHONE)
            page.screenshot(path=str(screenshot_dir / f"backfill-{name}-phone.png"), full_page=True)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"] + 1, f"{name}: the page scrolls sideways on a phone ({width}px)"
            page.set_viewport_size(DESKTOP)

    png, pdf = tmp_path / "photo.png", tmp_path / "批文.pdf"
    png.write_bytes(demo.demo_png())
    pdf.write_bytes(minimal_pdf("approval"))

    # 0 profile photos: 身份证正面 and 一寸照片
    login(page, base, "sq_zhang", password)
    page.goto(f"{base}/accounts/me/")
    page.set_input_files("#id_id_front", str(png))
    page.set_input_files("#id_photo", str(png))
    page.click("button:has-text('上传')")
    page.wait_for_selector("text=已上传")
    shot("0-profile-photos")

    # 我的主页 → 其他业务系统 → 历史数据补录
    page.goto(f"{base}/accounts/home/")
    page.click("section.card >> a:has-text('历史数据补录')")
    page.wait_for_selector("text=工作通知")
    assert page.locator("#guide").is_visible()
    shot("1-area", phone=True)
    page.click("#new-backfill")

    # A/B/C: 基本信息核对, 专业技术资格, 批文公示（通知）网址
    page.wait_for_selector("text=A. 基本信息核对")
    assert page.inner_text("#a-id") == users["applicant"].id_number
    q = Qualification.objects.get(
        specialty__name="机械电子专业", specialty__parent__isnull=True, level="zhongji"
    )
    committee = Issuer.objects.get(kind="committee", name__startswith="自治区工业和信息化厅")
    unit = Issuer.objects.get(kind="unit", name="自治区工业和信息化厅")
    page.select_option("#id_method", "review")
    page.select_option("#id_area", "region")
    page.select_option("#id_committee", str(committee.pk))
    page.select_option("#id_issuing_unit", str(unit.pk))
    page.select_option("#id_series", str(q.specialty.series_id))
    page.select_option("#id_specialty", str(q.specialty_id))
    page.select_option("#id_level", "zhongji")
    page.select_option("#id_sub_specialty", str(Specialty.objects.get(name="机械制造工程师").pk))
    page.fill("#id_granted_on", "2022-01-01")  # out of bounds first
    page.fill("#id_certificate_no", "20113202705")
    page.fill("#id_approval_prefix", "新经信人事")
    page.fill("#id_approval_year", "2011")
    page.fill("#id_approval_seq", "3号")
    assert page.inner_text("#approval-joined") == "新经信人事【2011】3号"
    page.fill(
        "#id_approval_name", "关于批准示例等48位同志取得自治区工程系列机械电子专业技术职务任职资格的通知"
    )
    page.fill("#id_notice_url", "https://gxt.example.gov.cn/gs/2011/3.html")
    shot("2-form", phone=True)
    page.click("button:has-text('保存并下一步')")
    page.wait_for_selector("text=不在补录范围内")
    shot("2-form-date-refused")
    page.fill("#id_granted_on", "2010-12-31")
    page.click("button:has-text('保存并下一步')")

    # 三 photos: 我要编辑 / 下一步
    page.wait_for_url("**/photos/")
    assert page.locator("img[alt='一寸照片']").is_visible()
    shot("3-photos", phone=True)
    page.click("button:has-text('下一步')")

    # 四 attachments with view and zoom
    page.wait_for_url("**/files/")
    page.select_option("#id_kind", "certificate")
    page.set_input_files("#id_file", str(png))
    page.click("#upload-form button:has-text('上传')")
    page.wait_for_selector("#attachments >> text=photo.png")
    page.select_option("#id_kind", "approval")
    page.set_input_files("#id_file", str(pdf))
    page.click("#upload-form button:has-text('上传')")
    page.wait_for_selector("#attachments >> text=批文.pdf")
    shot("4-files", phone=True)
    page.click("#attachments tr:has-text('photo.png') >> text=查看")
    page.click("button:has-text('放大')")
    page.click("button:has-text('放大')")
    assert page.inner_text("#zoom-level") == "156%"
    shot("4-zoom-in")
    page.click("button:has-text('缩小')")
    assert page.inner_text("#zoom-level") == "125%"
    page.click("text=返回附件")
    page.click("a:has-text('下一步')")

    # 五 the 16 sections
    page.wait_for_url("**/sections/basic/")
    assert page.locator("nav.side-menu > a").count() == 16
    page.select_option("#id_base_unit", str(orgs["base_short"].pk))
    page.fill("#id_work_unit_dept", "技术部")
    page.select_option("#id_ethnicity", index=1)
    page.click("button:has-text('保存并下一步')")
    page.wait_for_url("**/sections/contact/")
    page.fill("#id_mobile", "13800000003")
    page.fill("#id_address", "乌鲁木齐市示例路8号")
    page.click("#section-form button:has-text('保存')")
    page.goto(page.url.replace("/contact/", "/education/"))
    page.select_option("#id_education", index=1)
    page.fill("#id_years", "4")
    page.fill("#id_major", "机械设计制造及其自动化")
    page.fill("#id_school", "新疆示例工业大学")
    page.fill("#id_graduated_on", "1999-07-01")
    page.click("label.switch")  # 最高学历: the toggle turns blue
    assert page.is_checked("#id_highest")
    shot("5-education-toggle", phone=True)
    page.click("#section-form button:has-text('保存')")
    page.wait_for_selector("text=已保存")
    for i, kind in enumerate(SECTION_KINDS, start=1):
        page.click(f"nav.side-menu a[href$='/sections/{kind}/']")
        page.wait_for_url(f"**/sections/{kind}/")
        shot(f"5-section-{i:02d}-{kind}")
    shot("5-sections-phone", phone=True)

    # 第三章 检查提交 → 确定
    page.click("text=我要提交到【基层工作单位】")
    page.wait_for_selector("text=确定将补录申报表提交到基层工作单位")
    shot("6-submit-confirm", phone=True)
    page.click("button:has-text('确定')")
    page.wait_for_selector("text=已经提交至基层工作单位")
    shot("6-status", phone=True)
    bf = Backfill.objects.get(person=users["applicant"])

    # the base unit returns it with a reason
    login(page, base, "dw_jixie", password)
    page.goto(f"{base}/backfill/review/")
    page.wait_for_selector("#queue >> text=张示例")
    shot("7-queue", phone=True)
    page.click("#queue >> text=办理")
    page.click("a:has-text('退回')")
    page.fill("#id_reason", "证书编号与职称证原件不符，请核对。")
    shot("7-return")
    page.click("button:has-text('确定退回')")
    page.wait_for_selector("text=已退回给申请人")

    # the person fixes and resubmits
    login(page, base, "sq_zhang", password)
    page.goto(f"{base}/backfill/{bf.pk}/")
    page.wait_for_selector("text=证书编号与职称证原件不符")
    shot("8-returned", phone=True)
    page.click("text=修改补录申报表")
    page.fill("#id_certificate_no", "20113202706")
    page.click("button:has-text('保存并下一步')")
    page.wait_for_url("**/photos/")
    page.goto(f"{base}/backfill/{bf.pk}/submit/")
    page.click("button:has-text('确定')")
    page.wait_for_selector("text=已经提交至基层工作单位")

    # base unit, then 主管单位 accept with opinions
    login(page, base, "dw_jixie", password)
    page.goto(f"{base}/backfill/{bf.pk}/")
    page.click("text=审核通过并提交至主管单位")
    page.fill("#id_reason", "经核对原件，情况属实。")
    page.click("button:has-text('确定')")
    page.wait_for_selector("text=已提交至")
    login(page, base, "zg_gxt", password)
    page.goto(f"{base}/backfill/review/")
    page.click("#queue >> text=办理")
    shot("9-supervisor", phone=True)
    page.click("a.btn:has-text('审核通过')")
    page.fill("#id_reason", "同意。")
    page.click("button:has-text('确定')")
    page.wait_for_selector("text=职称已记入本人职称记录")
    page.goto(f"{base}/backfill/roster/")
    shot("9-roster", phone=True)

    # the title in the person's history
    login(page, base, "sq_zhang", password)
    page.goto(f"{base}/backfill/titles/")
    row = page.locator("#title-history tbody tr").first
    assert "工程师(机械制造工程师)" in row.inner_text() and "20113202706" in row.inner_text()
    assert "新经信人事【2011】3号" in row.inner_text()
    shot("10-title-history", phone=True)
    page.goto(f"{base}/backfill/{bf.pk}/")
    assert page.locator(".flow-log").inner_text().count("基层工作单位") >= 2
    shot("10-flow-log", phone=True)

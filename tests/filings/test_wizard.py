"""The 7-step wizard through the test client: each step's refusals and messages."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from filings.demo import minimal_pdf
from filings.models import Filing, FilingAttachment
from zhicheng.workflow import ChainState

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


def basic_data(users, **over):
    data = {
        "title": "关于机械电子等2个专业的会议备案",
        "type": "review",
        "work_year": str(YEAR),
        "level": "chuzhong",
        "location": "昌吉市示例路1号",
        "leader_name": "负责人甲",
        "leader_phone": "0994-1234567",
        "contact_user": str(users["committee_changji"].pk),
        "contact_name": "联系人乙",
        "contact_phone": "0994-7654321",
        "contact_mobile": "13900000001",
    }
    data.update(over)
    return data


def step_url(filing, n):
    return reverse("filings:step", args=[filing.pk, n])


def test_step_one_refuses_missing_fields_and_bad_phones_with_messages_beside_them(client_for, users):
    c = client_for("committee_changji")
    resp = c.post(
        reverse("filings:create"),
        basic_data(users, title="", location="", leader_phone="12345", contact_mobile="0994123"),
    )
    assert resp.status_code == 200
    html = resp.content.decode()
    assert html.count("此项为必填项。") == 2
    assert "电话号码格式不正确" in html and "请输入11位手机号码" in html
    assert 'value="负责人甲"' in html  # nothing typed is lost
    assert not Filing.objects.exists()


def test_step_one_saves_a_draft_prefilled_with_the_committee_and_goes_to_step_two(client_for, users, orgs):
    c = client_for("committee_changji")
    page = c.get(reverse("filings:create")).content.decode()
    assert orgs["committee_changji"].name in page and "保存后无法修改" in page
    resp = c.post(reverse("filings:create"), basic_data(users))
    filing = Filing.objects.get()
    assert resp.status_code == 302 and resp["Location"] == step_url(filing, 2)
    assert filing.committee == orgs["committee_changji"] and filing.state == ChainState.DRAFT
    assert filing.work_year == YEAR and filing.level == "chuzhong" and filing.wizard_step == 1


def test_choosing_a_contact_user_fills_the_contact_fields_left_empty(client_for, users):
    me = users["committee_changji"]
    me.office_phone, me.phone = "0994-5550001", "13900000009"
    me.save()
    c = client_for("committee_changji")
    c.post(reverse("filings:create"), basic_data(users, contact_name="", contact_phone="", contact_mobile=""))
    filing = Filing.objects.get()
    assert (filing.contact_name, filing.contact_phone, filing.contact_mobile) == (
        me.display_name,
        "0994-5550001",
        "13900000009",
    )


def test_work_year_and_level_are_frozen_after_the_first_save(client_for, users):
    c = client_for("committee_changji")
    c.post(reverse("filings:create"), basic_data(users))
    filing = Filing.objects.get()
    resp = c.post(
        step_url(filing, 1),
        basic_data(users, title="改过的标题", work_year=str(YEAR - 1), level="gaoji_excl_edu"),
    )
    assert resp.status_code == 302
    filing.refresh_from_db()
    assert filing.title == "改过的标题"
    assert filing.work_year == YEAR and filing.level == "chuzhong"
    page = c.get(step_url(filing, 1)).content.decode()
    assert 'name="work_year"' in page and "disabled" in page


def test_steps_open_in_order_and_a_draft_resumes_where_it_was_left(client_for, users):
    c = client_for("committee_changji")
    c.post(reverse("filings:create"), basic_data(users))
    filing = Filing.objects.get()
    resp = c.get(step_url(filing, 5))
    assert resp.status_code == 302 and resp["Location"] == step_url(filing, 2)
    # 编辑 in 我的备案 resumes at the first step not yet completed
    assert f'href="{step_url(filing, 2)}">编辑' in c.get(reverse("filings:mine")).content.decode()


def test_step_two_offers_only_reviewable_qualifications_of_the_filing_level(client_for, users, reviewable):
    c = client_for("committee_changji")
    c.post(reverse("filings:create"), basic_data(users))
    filing = Filing.objects.get()
    page = c.get(step_url(filing, 2)).content.decode()
    assert "工程师[中级]" in page and "助理工程师[初级]" in page
    assert "高级工程师" not in page  # other level
    assert f'value="{reviewable["tv_mid"].pk}"' not in page  # not reviewable by this committee

    resp = c.post(step_url(filing, 2), {"action": "next"})
    assert "请至少选择一个资格。" in resp.content.decode()
    resp = c.post(step_url(filing, 2), {"action": "add", "add": [reviewable["tv_mid"].pk]})
    assert "不在本评审委员会的可评审范围" in resp.content.decode()
    assert not filing.items.exists()

    c.post(
        step_url(filing, 2), {"action": "add", "add": [reviewable["mech_mid"].pk, reviewable["arch_mid"].pk]}
    )
    assert set(filing.items.values_list("qualification_id", flat=True)) == {
        reviewable["mech_mid"].pk,
        reviewable["arch_mid"].pk,
    }
    c.post(step_url(filing, 2), {"action": "remove", "remove": [reviewable["arch_mid"].pk]})
    assert list(filing.items.values_list("qualification_id", flat=True)) == [reviewable["mech_mid"].pk]
    resp = c.post(step_url(filing, 2), {"action": "next"})
    assert resp["Location"] == step_url(filing, 3)


@pytest.fixture
def at_step3(client_for, users, reviewable):
    c = client_for("committee_changji")
    c.post(reverse("filings:create"), basic_data(users))
    filing = Filing.objects.get()
    c.post(
        step_url(filing, 2),
        {"action": "add", "add": [reviewable["mech_mid"].pk, reviewable["mech_junior"].pk]},
    )
    c.post(step_url(filing, 2), {"action": "next"})
    return c, filing


def times(start, end, meeting, approval, item=""):
    return {
        "action": "set",
        "item": item,
        "apply_start": start,
        "apply_end": end,
        "meeting_date": meeting,
        "approval_date": approval,
    }


def test_step_three_enforces_start_le_end_lt_meeting_le_approval(at_step3):
    c, filing = at_step3
    item = filing.items.first()
    resp = c.post(step_url(filing, 3), times("2026-08-20", "2026-09-10", "2026-09-10", "2026-09-01", item.pk))
    html = resp.content.decode()
    assert "上会时间应晚于申报截止时间。" in html and "批文时间不能早于上会时间。" in html
    resp = c.post(step_url(filing, 3), times("2026-09-20", "2026-09-10", "2026-10-10", "2026-11-10", item.pk))
    assert "申报截止时间不能早于申报开始时间。" in resp.content.decode()
    item.refresh_from_db()
    assert item.apply_start is None
    # the boundary cases that are allowed: start == end, meeting == approval
    resp = c.post(step_url(filing, 3), times("2026-09-10", "2026-09-10", "2026-09-11", "2026-09-11", item.pk))
    assert resp.status_code == 302
    item.refresh_from_db()
    assert item.apply_start == item.apply_end == dt.date(2026, 9, 10)


def test_a_row_without_times_blocks_next_with_a_message_naming_it(at_step3):
    c, filing = at_step3
    first, second = filing.items.select_related("qualification__specialty__series")
    c.post(step_url(filing, 3), times("2026-08-20", "2026-09-10", "2026-10-10", "2026-11-10", first.pk))
    resp = c.post(step_url(filing, 3), {"action": "next"})
    html = resp.content.decode()
    assert f"【{second.qualification}】尚未设置计划时间。" in html
    assert str(first.qualification) + "】尚未" not in html
    c.post(step_url(filing, 3), times("2026-08-20", "2026-09-10", "2026-10-10", "2026-11-10"))  # 批量设置
    assert all(i.has_times for i in filing.items.all())
    assert c.post(step_url(filing, 3), {"action": "next"})["Location"] == step_url(filing, 4)


def test_notice_html_loses_scripts_and_event_handlers_and_is_shown_back_as_stored(make_filing, client_for):
    filing = make_filing(wizard_step=3)
    c = client_for("committee_changji")
    dirty = (
        '<div onclick="steal()">一、申报范围<script>alert(1)</script><strong onmouseover="x()">重要</strong>'
        '<a href="javascript:alert(2)">链接</a><img src=x onerror="alert(3)"></div>'
    )
    resp = c.post(
        step_url(filing, 4),
        {"action": "next", "notice_title": "关于做好评审工作的通知", "notice_html": dirty},
    )
    assert resp["Location"] == step_url(filing, 5)
    filing.refresh_from_db()
    stored = filing.notice_html
    for bad in ("<script", "onclick", "onmouseover", "onerror", "javascript:", "<img"):
        assert bad not in stored
    assert "<strong>重要</strong>" in stored and "一、申报范围" in stored
    filing.wizard_step = 6
    filing.save()
    assert stored in c.get(step_url(filing, 7)).content.decode()


def test_notice_needs_a_title_and_some_text(make_filing, client_for):
    filing = make_filing(wizard_step=3, notice_title="", notice_html="")
    c = client_for("committee_changji")
    html = c.post(
        step_url(filing, 4), {"action": "next", "notice_title": "", "notice_html": "<div><br></div>"}
    ).content.decode()
    assert "此项为必填项。" in html and "请填写通知内容。" in html
    # 上一步 keeps what was typed
    c.post(
        step_url(filing, 4), {"action": "prev", "notice_title": "草稿标题", "notice_html": "<div>草稿</div>"}
    )
    filing.refresh_from_db()
    assert filing.notice_title == "草稿标题" and filing.notice_html == "<div>草稿</div>"


def test_a_user_not_edited_within_a_year_must_be_confirmed_or_disabled(make_filing, client_for, users, orgs):
    from accounts.services import add_member

    filing = make_filing(wizard_step=4)
    stale = users["committee_changji"].__class__.objects.create(
        username="pw_old", real_name="老用户", edited_at=timezone.now() - dt.timedelta(days=400)
    )
    add_member(orgs["committee_changji"], stale)
    me = users["committee_changji"]
    me.edited_at = timezone.now() - dt.timedelta(days=366)
    me.save()
    c = client_for("committee_changji")
    html = c.post(step_url(filing, 5), {"action": "next"}).content.decode()
    assert "用户【老用户】最近编辑时间已超过一年" in html and "确认信息无误" in html
    assert c.get(reverse("filings:user-confirm", args=[filing.pk, me.pk])).status_code == 405
    c.post(reverse("filings:user-confirm", args=[filing.pk, me.pk]))
    me.refresh_from_db()
    assert timezone.now() - me.edited_at < dt.timedelta(minutes=1)
    c.post(reverse("filings:user-disable", args=[filing.pk, me.pk]))
    assert Membership.objects.get(user=me).is_active  # cannot disable oneself
    c.post(reverse("filings:user-disable", args=[filing.pk, stale.pk]))
    assert not Membership.objects.get(user=stale).is_active
    assert c.post(step_url(filing, 5), {"action": "next"})["Location"] == step_url(filing, 6)


def test_a_stranger_cannot_confirm_or_disable_users_outside_the_committee(make_filing, client_for, users):
    filing = make_filing(wizard_step=4)
    c = client_for("committee_changji")
    assert c.post(reverse("filings:user-disable", args=[filing.pk, users["applicant"].pk])).status_code == 404


def upload(c, filing, kind, name, data, **extra):
    f = SimpleUploadedFile(name, data, content_type="application/pdf")
    return c.post(reverse("filings:attachment-upload", args=[filing.pk]), {"kind": kind, "file": f}, **extra)


def stored_files():
    from pathlib import Path

    from django.conf import settings

    root = Path(settings.MEDIA_ROOT) / "filings"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_required_attachments_block_next(make_filing, client_for):
    filing = make_filing(wizard_step=5, with_attachments=False)
    c = client_for("committee_changji")
    html = c.post(step_url(filing, 6), {"action": "next"}).content.decode()
    assert (
        "请上传(二)职称评审办事机构工作人员名册。" in html
        and "请上传(四)职称评审办事机构工作人员个人诚信承诺书。" in html
    )
    upload(c, filing, "roster", "名册.pdf", minimal_pdf("r"))
    upload(c, filing, "pledge", "承诺书.pdf", minimal_pdf("p"))
    assert c.post(step_url(filing, 6), {"action": "next"})["Location"] == step_url(filing, 7)


def test_a_renamed_non_pdf_and_a_9mb_pdf_are_refused_and_nothing_is_stored(
    make_filing, client_for, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)  # a private media root: other suites may write to the shared one
    filing = make_filing(wizard_step=5, with_attachments=False)
    c = client_for("committee_changji")
    before = stored_files()
    assert before == []
    resp = upload(c, filing, "roster", "名册.pdf", b"PK\x03\x04 this is a zip renamed" * 10, follow=True)
    assert "文件不是pdf格式" in resp.content.decode()
    big = minimal_pdf("x") + b"0" * (9 * 1024 * 1024)
    resp = upload(c, filing, "roster", "名册.pdf", big, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert resp.status_code == 400 and "8M之内" in resp.json()["message"]
    assert not FilingAttachment.objects.filter(filing=filing).exists()
    assert stored_files() == before


def test_a_pdf_upload_is_stored_under_a_random_name_and_served_to_its_owner_only(make_filing, client_for):
    filing = make_filing(wizard_step=5, with_attachments=False)
    c = client_for("committee_changji")
    resp = upload(c, filing, "notice", "通知.pdf", minimal_pdf("n"), HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert resp.status_code == 200 and resp.json()["ok"]
    att = FilingAttachment.objects.get(filing=filing)
    assert att.original_name == "通知.pdf" and "通知" not in att.file.name
    url = reverse("filings:attachment", args=[filing.pk, att.pk])
    got = c.get(url)
    assert got.status_code == 200 and b"".join(got.streaming_content).startswith(b"%PDF-")
    assert client_for("committee_region").get(url).status_code == 404
    assert c.get(reverse("filings:attachment-delete", args=[filing.pk, att.pk])).status_code == 405
    c.post(reverse("filings:attachment-delete", args=[filing.pk, att.pk]))
    assert not FilingAttachment.objects.filter(filing=filing).exists()


def test_step_seven_shows_everything_and_submission_freezes_the_filing(make_filing, client_for, orgs):
    filing = make_filing()
    c = client_for("committee_changji")
    page = c.get(step_url(filing, 7)).content.decode()
    for text in (
        "确认无误我要提交",
        "提交以后，将无法再修改",
        filing.title,
        "■计划时间",
        filing.notice_title,
        "roster.pdf",
    ):
        assert text in page
    assert c.get(reverse("filings:submit", args=[filing.pk])).status_code == 405
    resp = c.post(reverse("filings:submit", args=[filing.pk]))
    assert resp["Location"] == reverse("filings:detail", args=[filing.pk])
    filing.refresh_from_db()
    assert filing.state == ChainState.IN_REVIEW and filing.current_org == orgs["office_changji"]
    assert filing.serial_no
    # frozen: the wizard and its actions refuse
    assert c.get(step_url(filing, 1))["Location"] == reverse("filings:detail", args=[filing.pk])
    c.post(step_url(filing, 4), {"action": "next", "notice_title": "改", "notice_html": "改"})
    resp = upload(c, filing, "plan", "方案.pdf", minimal_pdf("p"), follow=True)
    assert "备案已提交，无法修改" in resp.content.decode()
    filing.refresh_from_db()
    assert filing.notice_title != "改" and not filing.attachments.filter(kind="plan").exists()


def test_submit_refuses_an_incomplete_filing(make_filing, client_for):
    filing = make_filing(with_attachments=False)
    c = client_for("committee_changji")
    resp = c.post(reverse("filings:submit", args=[filing.pk]), follow=True)
    assert "请上传(二)职称评审办事机构工作人员名册" in resp.content.decode()
    filing.refresh_from_db()
    assert filing.state == ChainState.DRAFT and filing.serial_no is None


def test_my_filings_list_filters_and_offers_edit_delete_or_details(make_filing, client_for):
    draft = make_filing(title="草稿备案")
    sent = make_filing(title="已提交备案", submitted=True)
    c = client_for("committee_changji")
    html = c.get(reverse("filings:mine")).content.decode()
    assert "草稿备案" in html and "已提交备案" in html and "查看详情" in html and "编辑" in html
    assert f"流水号:{sent.serial_no}" in html
    html = c.get(reverse("filings:mine"), {"q": "草稿"}).content.decode()
    assert "已提交备案" not in html
    html = c.get(reverse("filings:mine"), {"state": "in_review"}).content.decode()
    assert "草稿备案" not in html
    # delete: confirm page, then POST; a submitted one cannot be deleted
    assert "确认删除" in c.get(reverse("filings:delete", args=[draft.pk])).content.decode()
    c.post(reverse("filings:delete", args=[draft.pk]))
    assert not Filing.objects.filter(pk=draft.pk).exists()
    c.post(reverse("filings:delete", args=[sent.pk]))
    assert Filing.objects.filter(pk=sent.pk).exists()


def test_serial_numbers_are_never_reused(make_filing, client_for):
    a = make_filing(submitted=True)
    serial_a = a.serial_no
    b = make_filing(returned=True)
    client_for("committee_changji").post(reverse("filings:delete", args=[b.pk]))
    c = make_filing(submitted=True)
    assert len({serial_a, b.serial_no, c.serial_no}) == 3

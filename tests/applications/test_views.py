"""The pages: every view for owner / other applicant / reviewers on and off the chain / anonymous."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.constants import OrgKind
from accounts.services import create_organisation
from applications.models import Application, Opinion, SectionAttachment
from zhicheng.workflow import ChainState

from .factories import PDF, make_application, open_item, publicise, recommend, walk

pytestmark = pytest.mark.django_db


def _urls(app):
    att = app.attachments.first()
    entry = app.entries.first()
    return {
        "detail": reverse("applications:detail", args=[app.pk]),
        "steps": reverse("applications:detail", args=[app.pk]) + "?tab=steps",
        "attachment": reverse("applications:attachment", args=[app.pk, att.pk]),
        "edit": reverse("applications:edit-section", args=[app.pk, "basic"]),
        "edit-rows": reverse("applications:edit-section", args=[app.pk, "education"]),
        "submit": reverse("applications:submit", args=[app.pk]),
        "change": reverse("applications:change", args=[app.pk]),
        "delete": reverse("applications:delete", args=[app.pk]),
        "entry-delete": reverse("applications:entry-delete", args=[app.pk, entry.pk]),
        "attachment-delete": reverse("applications:attachment-delete", args=[app.pk, att.pk]),
        "forward": reverse("applications:forward", args=[app.pk]),
        "return": reverse("applications:return", args=[app.pk]),
    }


# who → {url key: expected GET status} for an application held by the base unit (dw_jixie)
MATRIX = {
    "applicant": {
        "detail": 200,
        "steps": 200,
        "attachment": 200,
        "edit": 200,
        "edit-rows": 200,
        "submit": 200,
        "change": 200,
        "delete": 200,
        "entry-delete": 200,
        "attachment-delete": 200,
        "forward": 409,  # the stale-link page (zhicheng.review), not a bare 403
        "return": 409,
    },
    "base_short": {
        "detail": 200,
        "steps": 200,
        "attachment": 200,
        "edit": 403,
        "edit-rows": 403,
        "submit": 403,
        "change": 403,
        "delete": 403,
        "entry-delete": 403,
        "attachment-delete": 403,
        "forward": 200,
        "return": 200,
    },
}
STRANGERS = [
    "applicant2",
    "base_long",
    "dept",
    "county",
    "committee_region",
    "committee_changji",
    "office_region",
]


@pytest.mark.parametrize("who", list(MATRIX) + STRANGERS)
def test_every_object_view_answers_by_who_is_asking(who, submitted, client_for):
    urls = _urls(submitted)
    client = client_for(who)
    for key, url in urls.items():
        expected = MATRIX.get(who, {}).get(key, 404)
        assert client.get(url).status_code == expected, (who, key)


def test_anonymous_visitors_go_to_login(submitted, client):
    for url in list(_urls(submitted).values()) + [
        reverse("applications:mine"),
        reverse("applications:queue"),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_reviewers_gain_access_as_the_application_reaches_them_and_keep_reading(submitted, users, client_for):
    url = reverse("applications:detail", args=[submitted.pk])
    assert client_for("dept").get(url).status_code == 404
    recommend(submitted, users["base_short"])
    walk(submitted, users["base_short"])
    assert client_for("dept").get(url).status_code == 200
    page = client_for("base_short").get(url).content.decode()
    assert "回退" not in page.split("基层单位推荐意见")[-1]  # no longer the holder: no actions


def test_post_only_views_refuse_get(submitted, client_for):
    for name in ("opinion",):
        assert (
            client_for("base_short").get(reverse(f"applications:{name}", args=[submitted.pk])).status_code
            == 405
        )


def test_an_applicant_creates_an_application_through_the_region_confirmation(
    users, orgs, item_region, client_for
):
    client = client_for("applicant")
    page = client.get(reverse("applications:new")).content.decode()
    assert "确认申报评审地区" in page and orgs["committee_region"].name in page
    page = client.get(reverse("applications:new") + "?step=2&region=650000").content.decode()
    assert "高级工程师" in page
    response = client.post(reverse("applications:new"), {"filing_item": item_region.pk, "region": "650000"})
    app = Application.objects.get(applicant=users["applicant"])
    assert response["Location"] == reverse("applications:edit", args=[app.pk])
    response = client.post(
        reverse("applications:new"), {"filing_item": item_region.pk, "region": "650000"}, follow=True
    )
    assert "同一个资格在同一年度只可以申请一次" in response.content.decode()
    assert Application.objects.count() == 1


def test_the_basic_form_keeps_what_was_typed_and_offers_approved_units_only(draft, orgs, client_for):
    other = create_organisation(
        approved=True,
        name="示例建筑工程公司",
        kind=OrgKind.BASE_UNIT,
        region=orgs["county"].region,
        parent=orgs["county"],
    )
    pending = create_organisation(
        name="未审核示例单位", kind=OrgKind.BASE_UNIT, region=orgs["county"].region, parent=orgs["county"]
    )
    url = reverse("applications:edit-section", args=[draft.pk, "basic"])
    client = client_for("applicant")
    page = client.get(url).content.decode()
    assert orgs["base_short"].name in page and other.name in page and pending.name not in page
    response = client.post(
        url, {"work_unit_dept": "质检部", "admin_post": "副科长", "base_unit": pending.pk, "phone": "123"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "质检部" in page and "副科长" in page
    assert "请从列表中选择已审核通过的基层单位" in page and "请输入11位手机号码" in page
    # the picker's search narrows the list without losing typed values
    response = client.post(url, {"work_unit_dept": "质检部", "unit_q": "医院", "search_unit": "1"})
    page = response.content.decode()
    assert orgs["base_long"].name in page and other.name not in page and "质检部" in page


def test_rows_are_added_edited_and_deleted(draft, client_for):
    client = client_for("applicant")
    url = reverse("applications:edit-section", args=[draft.pk, "awards"])
    response = client.post(
        url,
        {
            "name": "示例科技进步奖",
            "grade": "三等",
            "issuer": "示例厅",
            "awarded_on": "bad",
            "author_rank": "1",
        },
    )
    assert "示例科技进步奖" in response.content.decode() and draft.entries.filter(kind="awards").count() == 0
    client.post(
        url,
        {
            "name": "示例科技进步奖",
            "grade": "三等",
            "issuer": "示例厅",
            "awarded_on": "2021-05-01",
            "author_rank": "1",
        },
    )
    entry = draft.entries.get(kind="awards")
    client.post(
        url,
        {
            "entry": entry.pk,
            "name": "示例科技进步奖",
            "grade": "二等",
            "issuer": "示例厅",
            "awarded_on": "2021-05-01",
            "author_rank": "1",
        },
    )
    entry.refresh_from_db()
    assert entry.data["grade"] == "二等"
    client.post(reverse("applications:entry-delete", args=[draft.pk, entry.pk]))
    assert not draft.entries.filter(kind="awards").exists()


def test_attachments_are_checked_by_content(draft, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for("applicant")
    url = reverse("applications:attachment-upload", args=[draft.pk, "awards"])
    fake = SimpleUploadedFile("证书.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(url, {"file": fake}, follow=True)
    assert "文件内容不是允许的格式" in response.content.decode()
    client.post(url, {"file": SimpleUploadedFile("证书.pdf", PDF)})
    att = SectionAttachment.objects.get(application=draft, kind="awards")
    assert att.original_name == "证书.pdf" and att.file.name.endswith(".pdf") and "证书" not in att.file.name
    assert (
        client_for("applicant2").get(reverse("applications:attachment", args=[draft.pk, att.pk])).status_code
        == 404
    )


def test_submit_through_the_page_freezes_the_form(draft, client_for):
    client = client_for("applicant")
    url = reverse("applications:submit", args=[draft.pk])
    assert "本人承诺以上填报的内容" in client.get(url).content.decode()
    response = client.post(url, {}, follow=True)
    assert "请勾选本人承诺" in response.content.decode()
    client.post(url, {"pledge": "on"})
    draft.refresh_from_db()
    assert draft.state == ChainState.IN_REVIEW and draft.pledged_at
    response = client.post(
        reverse("applications:edit-section", args=[draft.pk, "basic"]), {"work_unit_dept": "改"}, follow=True
    )
    assert "申请书已上报，不能再修改" in response.content.decode()


def test_the_reviewer_writes_opinions_recommends_and_forwards_through_pages(submitted, users, client_for):
    client = client_for("base_short")
    step = submitted.current_step_id
    client.post(
        reverse("applications:opinion", args=[submitted.pk]),
        {"kind": "education", "text": "请补充学位证书", "expected_step": step},
    )
    assert Opinion.objects.get().text == "请补充学位证书"
    page = client.get(reverse("applications:detail", args=[submitted.pk])).content.decode()
    assert '此申请书有<strong class="latest-count">1</strong>条最新修改意见' in page
    rec = {
        "leader": "郑海",
        "phone": "0991-0000108",
        "mobile": "13800000001",
        "email": "a@example.cn",
        "text": "短",
        "expected_step": step,
    }
    page = client.post(reverse("applications:recommend", args=[submitted.pk]), rec).content.decode()
    assert "推荐意见应在20到1000字之间（当前1字）" in page and "郑海" in page
    rec["text"] = "该同志业绩突出，已达到申报资格条件，同意推荐。" * 2
    client.post(reverse("applications:recommend", args=[submitted.pk]), rec)
    forward = reverse("applications:forward", args=[submitted.pk])
    refused = client.post(forward, {"expected_step": step, "confirm": "1"}, follow=True).content.decode()
    assert "上报前请完成本单位公示" in refused  # guide 004: 公示期满无异议后按程序上报
    publicise(submitted, users["base_short"])
    client.post(forward, {"expected_step": step, "confirm": "1"})
    submitted.refresh_from_db()
    assert submitted.current_label == "地厅级材料接收部门"
    # a second click from a stale page gets the conflict message, nothing moves
    response = client.post(
        reverse("applications:forward", args=[submitted.pk]),
        {"expected_step": step, "confirm": "1"},
        follow=True,
    )
    assert "该记录已被他人处理，请刷新后重试" in response.content.decode()


def test_returning_needs_a_reason_and_shows_the_closed_notice(submitted, users, client_for):
    client = client_for("base_short")
    url = reverse("applications:return", args=[submitted.pk])
    assert (
        "请填写回退原因"
        in client.post(url, {"reason": "", "expected_step": submitted.current_step_id}).content.decode()
    )
    client.post(url, {"reason": "附件不清晰", "expected_step": submitted.current_step_id, "confirm": "1"})
    submitted.refresh_from_db()
    assert submitted.state == ChainState.RETURNED
    page = client_for("applicant").get(reverse("applications:mine")).content.decode()
    assert "查看修改意见" not in page or "附件不清晰" not in page
    Application.objects.filter(pk=submitted.pk).update(state=ChainState.CLOSED, return_count=3)
    for url in (
        reverse("applications:mine"),
        reverse("applications:detail", args=[submitted.pk]),
        reverse("applications:submit", args=[submitted.pk]),
    ):
        assert "本年度不再受理" in client_for("applicant").get(url).content.decode()


def test_queue_and_search_show_what_my_organisation_holds_and_held(submitted, users, client_for):
    assert submitted.number in client_for("base_short").get(reverse("applications:queue")).content.decode()
    assert submitted.number not in client_for("dept").get(reverse("applications:queue")).content.decode()
    recommend(submitted, users["base_short"])
    walk(submitted, users["base_short"])
    assert (
        submitted.number not in client_for("base_short").get(reverse("applications:queue")).content.decode()
    )
    assert submitted.number in client_for("base_short").get(reverse("applications:search")).content.decode()
    assert (
        submitted.number in client_for("dept").get(reverse("applications:queue") + "?q=RSSQ").content.decode()
    )
    assert (
        submitted.number
        not in client_for("dept").get(reverse("applications:queue") + "?q=不存在").content.decode()
    )
    assert client_for("applicant").get(reverse("applications:queue")).status_code == 404


def _export(client, capture):
    """导出Excel starts a job (run in-process here); its download link serves the workbook."""
    with capture(execute=True):
        response = client.post(reverse("applications:roster-export"))
    assert response.status_code == 302
    status = client.get(response["Location"])
    assert status.status_code == 200
    job_id = int(response["Location"].rstrip("/").rsplit("/", 1)[1])
    download = client.get(reverse("export-download", args=[job_id]))
    assert download.status_code == 200
    return list(
        load_workbook(io.BytesIO(b"".join(download.streaming_content))).active.iter_rows(values_only=True)
    )


def test_the_roster_exports_its_rows_to_excel(
    submitted, users, orgs, client_for, django_capture_on_commit_callbacks
):
    other = make_application(
        users["applicant2"],
        open_item(orgs["committee_region"], users["committee_region"]),
        orgs["base_long"],
        submitted=True,
    )
    page = client_for("committee_region").get(reverse("applications:roster")).content.decode()
    assert submitted.number in page and other.number in page
    rows = _export(client_for("committee_region"), django_capture_on_commit_callbacks)
    assert rows[0][:4] == ("序号", "申请书编号", "姓名", "身份证号")
    assert sorted(r[1] for r in rows[1:]) == sorted([submitted.number, other.number])
    assert {r[9] for r in rows[1:]} == {"基层工作单位"}
    # the county sees only what passed through it
    rows = _export(client_for("county"), django_capture_on_commit_callbacks)
    assert [r[1] for r in rows[1:]] == []
    assert _export(client_for("committee_changji"), django_capture_on_commit_callbacks)[0][0] == "序号"
    assert client_for("base_short").get(reverse("applications:roster")).status_code == 404


def test_scanning_a_number_receives_the_paper_materials(submitted, users, client_for):
    client = client_for("committee_region")
    page = client.get(
        reverse("applications:receive") + f"?number={submitted.number.lower()}"
    ).content.decode()
    assert "确认接收纸质材料" in page
    client.post(reverse("applications:receive"), {"number": submitted.number, "confirm": "1"})
    submitted.refresh_from_db()
    assert submitted.materials_received_by == users["committee_region"] and submitted.materials_received_at
    other = client_for("committee_changji").get(
        reverse("applications:receive") + f"?number={submitted.number}"
    )
    assert "未找到" in other.content.decode()
    assert client_for("base_short").get(reverse("applications:receive")).status_code == 404


def test_the_home_panel_shows_my_applications_and_open_windows(submitted, client_for):
    page = client_for("applicant").get(reverse("accounts:home")).content.decode()
    assert submitted.number in page and "正在开放申报" in page and "基层工作单位" in page
    assert "待审核申请书" in client_for("base_short").get(reverse("accounts:home")).content.decode()

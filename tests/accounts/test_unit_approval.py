"""单位注册审核 by the 材料接收部门, and later 单位信息修改 through the same chain."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Message, Organisation, UnitChangeRequest
from accounts.services import request_unit_change
from zhicheng.workflow import ChainState

from .factories import PDF_BYTES, UnitFactory, UserFactory, bad_checksum_code


@pytest.fixture
def unit_admin(db):
    return UserFactory(username="new_unit_admin", real_name="新单位管理员")


@pytest.fixture
def pending(orgs, unit_admin):
    org = UnitFactory(
        name="待审核示例单位",
        parent=orgs["county"],
        admin=unit_admin,
        pending=True,
        licence=SimpleUploadedFile("l.pdf", PDF_BYTES),
        licence_name="执照.pdf",
    )
    return org


def approve(client, org, **extra):
    url = reverse("accounts:unit-approve", args=[org.pk])
    data = {"expected_step": org.current_step_id, **extra}
    return client.post(url, data)


def test_the_queue_lists_units_waiting_at_my_organisation_only(client_for, pending, orgs):
    other = UnitFactory(name="别处的单位", parent=orgs["pref_bureau"], pending=True)
    page = client_for("county").get(reverse("accounts:unit-queue"))
    html = page.content.decode()
    assert "待审核示例单位" in html and "别处的单位" not in html
    assert (
        "待审核示例单位" not in client_for("pref_bureau").get(reverse("accounts:unit-queue")).content.decode()
    )
    assert other.current_org == orgs["pref_bureau"]


def test_the_detail_shows_data_chain_and_licence(client_for, pending):
    client = client_for("county")
    html = client.get(reverse("accounts:unit-review", args=[pending.pk])).content.decode()
    for text in ("待审核示例单位", "流程步骤", "流程日志", "材料接收部门", "审核通过", "退回"):
        assert text in html
    licence = client.get(reverse("accounts:unit-licence", args=[pending.pk]))
    assert licence.status_code == 200 and b"".join(licence.streaming_content).startswith(b"%PDF")
    assert licence["Content-Type"] == "application/pdf"


def test_approve_asks_for_confirmation_then_accepts_and_notifies(client_for, pending, unit_admin, orgs):
    client = client_for("county")
    confirm = approve(client, pending)
    assert confirm.status_code == 200 and "确认审核通过" in confirm.content.decode()
    pending.refresh_from_db()
    assert pending.state == ChainState.IN_REVIEW
    done = approve(client, pending, confirm="1")
    assert done.status_code == 302
    pending.refresh_from_db()
    assert (
        pending.state == ChainState.ACCEPTED
        and Organisation.objects.approved().filter(pk=pending.pk).exists()
    )
    rows = list(pending.steps.order_by("seq"))
    assert rows[1].action == "accepted" and rows[1].handler == orgs["county"].memberships.first().user
    assert rows[2].action == "reached"
    assert Message.objects.filter(user=unit_admin, title="单位注册已审核通过").exists()
    names = [
        r["name"] for r in client.get(reverse("accounts:unit-search"), {"q": "待审核示例"}).json()["results"]
    ]
    assert names == ["待审核示例单位"]


def test_a_stale_approval_gets_the_conflict_message(client_for, pending):
    stale = pending.current_step_id
    approve(client_for("county"), pending, confirm="1")
    response = client_for("county").post(
        reverse("accounts:unit-approve", args=[pending.pk]),
        {"expected_step": stale, "confirm": "1"},
        follow=True,
    )
    assert "该记录已被他人处理，请刷新后重试" in response.content.decode()


def test_return_needs_a_reason_then_the_admin_sees_it_and_resubmits(
    client_for, client, pending, unit_admin, orgs
):
    county = client_for("county")
    url = reverse("accounts:unit-return", args=[pending.pk])
    empty = county.post(url, {"expected_step": pending.current_step_id, "reason": "  "})
    assert empty.status_code == 200 and "请填写退回原因" in empty.content.decode()
    confirm = county.post(url, {"expected_step": pending.current_step_id, "reason": "执照不清晰"})
    assert "确认退回" in confirm.content.decode()
    county.post(url, {"expected_step": pending.current_step_id, "reason": "执照不清晰", "confirm": "1"})
    pending.refresh_from_db()
    assert pending.state == ChainState.RETURNED and pending.return_count == 1
    msg = Message.objects.get(user=unit_admin, title="单位注册被退回")
    assert "执照不清晰" in msg.body
    # not offered to applicants
    assert (
        not client_for("applicant")
        .get(reverse("accounts:unit-search"), {"q": "待审核示例"})
        .json()["results"]
    )

    client.force_login(unit_admin, backend="accounts.backends.IdentifierBackend")
    info_url = reverse("accounts:unit-info", args=[pending.pk])
    page = client.get(info_url).content.decode()
    assert "执照不清晰" in page and "重新提交" in page
    data = {
        "name": "待审核示例单位（更正）",
        "credit_code": pending.credit_code,
        "unit_nature": "county_and_below",
        "region": pending.region_id,
        "parent": orgs["county"].pk,
        "address": "新地址",
        "contact_name": "联系人丙",
        "contact_phone": "0994-7654321",
    }
    resubmit_url = reverse("accounts:unit-resubmit", args=[pending.pk])
    assert f'action="{resubmit_url}"' in page
    without_confirm = client.post(resubmit_url, data)
    assert "请勾选【确认提交】" in without_confirm.content.decode()
    pending.refresh_from_db()
    assert pending.state == ChainState.RETURNED
    client.post(resubmit_url, {**data, "confirm": "1", "licence": SimpleUploadedFile("new.pdf", PDF_BYTES)})
    pending.refresh_from_db()
    assert pending.state == ChainState.IN_REVIEW and pending.name == "待审核示例单位（更正）"
    assert pending.chain_round == 2 and pending.licence_name == "new.pdf"
    # in review again: the page offers no form, and a stale one is refused without a change
    assert f'action="{resubmit_url}"' not in client.get(info_url).content.decode()
    stale = client.post(resubmit_url, {**data, "name": "又改了", "confirm": "1"})
    assert stale.status_code == 302 and "不能提交此修改" in client.get(stale["Location"]).content.decode()
    pending.refresh_from_db()
    assert pending.name == "待审核示例单位（更正）" and pending.chain_round == 2


def test_a_flagged_code_needs_the_platform_override_before_approval(client_for, orgs, unit_admin):
    org = UnitFactory(
        name="早期赋码单位",
        credit_code=bad_checksum_code(),
        parent=orgs["county"],
        admin=unit_admin,
        pending=True,
    )
    county = client_for("county")
    html = county.get(reverse("accounts:unit-review", args=[org.pk])).content.decode()
    assert "待平台管理员核实" in html
    response = approve(county, org, confirm="1")
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.state == ChainState.IN_REVIEW
    assert "须平台管理员核实" in county.get(response["Location"]).content.decode()
    Organisation.objects.filter(pk=org.pk).update(credit_code_override=True)
    approve(county, org, confirm="1")
    org.refresh_from_db()
    assert org.state == ChainState.ACCEPTED


def test_other_supervisors_and_applicants_get_404(client_for, pending):
    for key in ("pref_bureau", "applicant", "base_long"):
        c = client_for(key)
        assert c.get(reverse("accounts:unit-review", args=[pending.pk])).status_code == 404
        assert approve(c, pending, confirm="1").status_code == 404
        assert c.get(reverse("accounts:unit-licence", args=[pending.pk])).status_code == 404
    pending.refresh_from_db()
    assert pending.state == ChainState.IN_REVIEW


# ---- 单位信息修改 -------------------------------------------------------------------------------------
@pytest.fixture
def approved(orgs, users):
    return orgs["base_long"]


def test_a_change_keeps_the_old_data_until_approved(client_for, approved, users, orgs):
    admin = client_for("base_long")
    info_url = reverse("accounts:unit-info", args=[approved.pk])
    change_url = reverse("accounts:unit-change", args=[approved.pk])
    assert f'action="{change_url}"' in admin.get(info_url).content.decode()
    missing_licence = admin.post(
        change_url,
        {"name": "昌吉市示例第一人民医院", "contact_name": "冯静", "contact_phone": approved.contact_phone},
    )
    assert "请上传现单位最新机构代码证或营业执照" in missing_licence.content.decode()
    admin.post(
        change_url,
        {
            "name": "昌吉市示例第一人民医院",
            "contact_name": "新联系人",
            "contact_phone": "0994-1111111",
            "licence": SimpleUploadedFile("n.pdf", PDF_BYTES),
        },
    )
    change = UnitChangeRequest.objects.get(organisation=approved)
    assert change.state == ChainState.IN_REVIEW and change.current_org == orgs["county"]
    approved.refresh_from_db()
    assert approved.name == "昌吉市示例人民医院" and approved.is_approved
    assert "正在审核中" in admin.get(info_url).content.decode()
    # a second change while one is pending is refused
    refused = admin.post(change_url, {"name": "又一个名字", "contact_name": "x", "contact_phone": "1"})
    assert refused.status_code == 302 and "不能提交此修改" in admin.get(refused["Location"]).content.decode()
    assert UnitChangeRequest.objects.filter(organisation=approved).count() == 1
    assert admin.post(reverse("accounts:unit-resubmit", args=[approved.pk]), {"name": "x"}).status_code == 302
    approved.refresh_from_db()
    assert approved.name == "昌吉市示例人民医院"

    county = client_for("county")
    assert "昌吉市示例第一人民医院" in county.get(reverse("accounts:change-queue")).content.decode()
    county.post(
        reverse("accounts:change-approve", args=[change.pk]),
        {"expected_step": change.current_step_id, "confirm": "1"},
    )
    approved.refresh_from_db()
    change.refresh_from_db()
    assert change.state == ChainState.ACCEPTED and change.applied_at is not None
    assert (approved.name, approved.contact_name, approved.contact_phone) == (
        "昌吉市示例第一人民医院",
        "新联系人",
        "0994-1111111",
    )
    assert approved.licence_name == "n.pdf"
    assert Message.objects.filter(user=users["base_long"], title="单位信息修改已审核通过").exists()


def test_a_returned_change_leaves_the_unit_untouched(client_for, approved, users):
    change = request_unit_change(
        approved,
        by=users["base_long"],
        name=approved.name,
        contact_name="另一联系人",
        contact_phone=approved.contact_phone,
    )
    county = client_for("county")
    url = reverse("accounts:change-return", args=[change.pk])
    county.post(url, {"expected_step": change.current_step_id, "reason": "联系人不对", "confirm": "1"})
    change.refresh_from_db()
    approved.refresh_from_db()
    assert change.state == ChainState.RETURNED and approved.contact_name == "冯静"
    assert Message.objects.filter(
        user=users["base_long"], title="单位信息修改被退回", body__contains="联系人不对"
    ).exists()
    assert (
        client_for("pref_bureau").get(reverse("accounts:change-review", args=[change.pk])).status_code == 404
    )


def test_garbage_posts_to_review_actions_never_break(client_for, pending):
    county = client_for("county")
    for url in (
        reverse("accounts:unit-approve", args=[pending.pk]),
        reverse("accounts:unit-return", args=[pending.pk]),
    ):
        for data in (
            {},
            {"expected_step": "abc"},
            {"expected_step": "99999999", "confirm": "1", "reason": "r"},
        ):
            answer = county.post(url, data)
            assert answer.status_code in (200, 302, 409)
            if answer.status_code == 409:
                assert "该记录已被他人处理，请刷新后重试" in answer.content.decode()
    pending.refresh_from_db()
    assert pending.state == ChainState.IN_REVIEW
    for name in ("accounts:unit-resubmit", "accounts:unit-change"):
        assert county.post(reverse(name, args=[pending.pk]), {"name": "x"}).status_code == 404

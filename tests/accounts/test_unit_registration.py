"""单位注册: 注册须知, 管理员信息 + 单位信息, licence checked by content, the checksum override path,
and the rule that a unit nobody has approved cannot be picked."""

import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.models import Membership, Organisation, User
from zhicheng.workflow import ChainState

from .factories import EXE_BYTES, PDF_BYTES, UnitFactory, bad_checksum_code, new_credit_code, new_id_number

URL = reverse("accounts:register-unit")


@pytest.fixture
def reader(client, db):
    """A visitor who has read the 注册须知."""
    client.post(URL, {"step": "notice", "agree": "on"})
    return client


def unit_data(orgs, **overrides):
    data = {
        "admin_real_name": "单位管理员甲",
        "admin_id_number": new_id_number(),
        "admin_phone": "13911112222",
        "admin_email": "unit-admin@example.cn",
        "admin_password1": "Zhicheng#2026",
        "admin_password2": "Zhicheng#2026",
        "name": "昌吉市示例建筑设计院",
        "credit_code": new_credit_code(),
        "unit_nature": "county_and_below",
        "region": orgs["county"].region_id,
        "parent": orgs["county"].pk,
        "address": "昌吉市测试路8号",
        "contact_name": "联系人乙",
        "contact_phone": "0994-1234567",
        "licence": SimpleUploadedFile("执照.pdf", PDF_BYTES, content_type="application/pdf"),
        "captcha_0": "x",
        "captcha_1": "PASSED",
    }
    data.update(overrides)
    return data


def media_files(settings):
    root = settings.MEDIA_ROOT
    return sum(len(f) for _, _, f in os.walk(root)) if os.path.isdir(root) else 0


def test_the_notice_must_be_read_first(client, orgs):
    page = client.get(URL)
    assert "注册须知" in page.content.decode() and "我已阅读" in page.content.decode()
    refused = client.post(URL, {"step": "notice"})
    assert "请先阅读注册须知并勾选【我已阅读】" in refused.content.decode()
    # the form itself is not accepted before the notice
    client.post(URL, unit_data(orgs))
    assert not Organisation.objects.filter(name="昌吉市示例建筑设计院").exists()
    client.post(URL, {"step": "notice", "agree": "on"})
    form_page = client.get(URL).content.decode()
    for label in (
        "管理员信息",
        "单位信息",
        "单位名称",
        "统一社会信用代码",
        "单位性质",
        "所在地区",
        "材料接收部门",
        "单位地址",
        "联系人",
        "联系电话",
        "机构代码证或营业执照",
        "申请人工核实",
    ):
        assert label in form_page


def test_a_unit_registers_and_is_submitted_to_its_receiving_department(reader, orgs):
    data = unit_data(orgs)
    response = reader.post(URL, data)
    org = Organisation.objects.get(name="昌吉市示例建筑设计院")
    assert response.status_code == 302 and response["Location"] == reverse(
        "accounts:unit-info", args=[org.pk]
    )
    assert org.state == ChainState.IN_REVIEW and org.current_org == orgs["county"]
    assert org.credit_code == data["credit_code"] and org.licence.name.endswith(".pdf")
    assert org.licence_name == "执照.pdf"
    admin = User.objects.get(id_number=data["admin_id_number"])
    assert Membership.objects.get(user=admin, organisation=org).is_admin
    steps = list(org.steps.order_by("seq"))
    assert [s.node_label for s in steps] == ["基层单位", "材料接收部门", "审核通过"]
    assert steps[0].handler == admin and steps[1].organisation == orgs["county"] and steps[1].is_current
    # the new admin is logged in and sees 待审核
    page = reader.get(response["Location"]).content.decode()
    assert "待审核" in page and orgs["county"].name in page
    # the receiving department is told
    assert (
        orgs["county"]
        .memberships.first()
        .user.messages.filter(title__contains="昌吉市示例建筑设计院")
        .exists()
    )


def test_a_pending_unit_is_not_offered_by_the_search_endpoint(reader, orgs, users, client):
    reader.post(URL, unit_data(orgs))
    returned = UnitFactory(name="示例退回单位", parent=orgs["county"], pending=True, admin=None)
    from zhicheng import workflow

    workflow.send_back(
        returned,
        by=orgs["county"].memberships.first().user,
        expected_step_id=returned.current_step_id,
        opinion="材料不清",
    )
    search = reverse("accounts:unit-search")
    assert Client().get(search).status_code == 302  # the lookup is for logged-in users only
    client.force_login(users["applicant"], backend="accounts.backends.IdentifierBackend")
    names = [r["name"] for r in client.get(search, {"q": "示例"}).json()["results"]]
    assert "昌吉市示例人民医院" in names
    assert "昌吉市示例建筑设计院" not in names and "示例退回单位" not in names
    assert Organisation.objects.approved().filter(name="昌吉市示例建筑设计院").count() == 0
    supervisors = client.get(search, {"kind": "supervising", "region": "652300"}).json()["results"]
    assert {r["name"] for r in supervisors} == {orgs["county"].name, orgs["pref_bureau"].name}


def test_a_renamed_exe_is_refused_and_nothing_is_stored(reader, orgs, settings):
    before = media_files(settings)
    data = unit_data(orgs, licence=SimpleUploadedFile("执照.pdf", EXE_BYTES, content_type="application/pdf"))
    response = reader.post(URL, data)
    assert response.status_code == 200
    errors = response.context["form"].errors["licence"]
    assert "文件内容不是允许的格式" in errors[0]
    html = response.content.decode()
    assert 'value="昌吉市示例建筑设计院"' in html and 'value="单位管理员甲"' in html
    assert media_files(settings) == before
    assert not Organisation.objects.filter(name="昌吉市示例建筑设计院").exists()
    assert not User.objects.filter(id_number=data["admin_id_number"]).exists()


def test_a_licence_over_4mb_is_refused(reader, orgs):
    big = SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * (4 * 1024 * 1024), content_type="application/pdf")
    response = reader.post(URL, unit_data(orgs, licence=big))
    assert "不能大于4M" in response.context["form"].errors["licence"][0]


def test_a_duplicate_credit_code_is_refused(reader, orgs):
    response = reader.post(URL, unit_data(orgs, credit_code=orgs["base_long"].credit_code.lower()))
    assert response.status_code == 200
    assert "该统一社会信用代码已注册" in response.context["form"].errors["credit_code"][0]


def test_a_checksum_failure_is_refused_unless_manual_check_is_asked(reader, orgs):
    code = bad_checksum_code()
    response = reader.post(URL, unit_data(orgs, credit_code=code))
    error = response.context["form"].errors["credit_code"][0]
    assert "校验位不正确" in error and "申请人工核实（早期赋码）" in error
    assert not Organisation.objects.filter(credit_code=code).exists()

    response = reader.post(URL, unit_data(orgs, credit_code=code, manual_check="on"))
    assert response.status_code == 302
    org = Organisation.objects.get(credit_code=code)
    assert org.state == ChainState.IN_REVIEW and not org.credit_code_override
    page = reader.get(response["Location"]).content.decode()
    assert "须平台管理员核实" in page


def test_a_bad_format_code_is_refused_even_with_manual_check(reader, orgs):
    response = reader.post(URL, unit_data(orgs, credit_code="91652300ABCDEFGHIO", manual_check="on"))
    assert "不允许的字符" in response.context["form"].errors["credit_code"][0]


def test_only_approved_supervising_units_can_receive(reader, orgs):
    pending_supervisor = Organisation.objects.create(
        name="未审核主管单位", kind="supervising", region=orgs["county"].region, state="in_review"
    )
    response = reader.post(URL, unit_data(orgs, parent=pending_supervisor.pk))
    assert "parent" in response.context["form"].errors
    assert "未审核主管单位" not in response.content.decode()


def test_the_admin_id_already_registered_points_to_recover(reader, orgs, users):
    response = reader.post(URL, unit_data(orgs, admin_id_number=users["applicant"].id_number))
    assert "该身份证号已注册" in response.context["form"].errors["admin_id_number"][0]


def test_a_logged_in_person_registers_a_unit_and_becomes_its_admin(client_for, orgs, users):
    client = client_for("applicant")
    client.post(URL, {"step": "notice", "agree": "on"})
    data = unit_data(orgs)
    for key in [k for k in data if k.startswith("admin_")]:
        del data[key]
    response = client.post(URL, data)
    assert response.status_code == 302
    org = Organisation.objects.get(name="昌吉市示例建筑设计院")
    assert Membership.objects.filter(user=users["applicant"], organisation=org, is_admin=True).exists()


def test_garbage_posts_never_break_the_unit_form(reader, orgs):
    for garbage in (
        {},
        {"region": "abc", "parent": "-1", "licence": "not a file", "credit_code": "\x00"},
        {"name": "x" * 1000, "unit_nature": "nope", "manual_check": "maybe"},
    ):
        response = reader.post(URL, garbage)
        # a NUL is refused by the input-cleaning layer (400 with its message), the rest by the form
        assert response.status_code == (400 if any("\x00" in str(v) for v in garbage.values()) else 200)
    assert reader.post(URL, {"step": "notice", "agree": ""}).status_code in (200, 302)

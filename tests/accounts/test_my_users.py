"""系统设置 → 我的用户: organisation admins add, edit, disable and enable their staff."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, User

from .factories import PASSWORD, UserFactory, new_id_number

LIST = reverse("accounts:my-users")


def login(client, username, password):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password, "captcha_0": "x", "captcha_1": "PASSED"},
    )


def staff_data(**overrides):
    data = {
        "username": "yy_staff1",
        "real_name": "医院经办人",
        "id_number": new_id_number(),
        "phone": "13612345678",
        "office_phone": "0994-2222222",
        "email": "staff@example.cn",
        "password1": "Staff#Pass2026",
        "password2": "Staff#Pass2026",
    }
    data.update(overrides)
    return data


def test_the_list_shows_the_columns_of_the_guide(client_for, users):
    html = client_for("base_long").get(LIST).content.decode()
    for col in ("用户编号", "用户名", "姓名", "联系方式", "手机号", "最近编辑时间", "状态"):
        assert col in html
    assert users["base_long"].user_no in html and "添加用户" in html


def test_an_admin_adds_a_user_who_can_log_in(client_for, orgs, client):
    admin = client_for("base_long")
    response = admin.post(reverse("accounts:my-user-add"), staff_data())
    assert response.status_code == 302
    user = User.objects.get(username="yy_staff1")
    m = Membership.objects.get(user=user)
    assert m.organisation == orgs["base_long"] and not m.is_admin and m.is_active
    assert login(client, "yy_staff1", "Staff#Pass2026").status_code == 302


def test_add_refuses_bad_input_beside_the_field(client_for, users):
    admin = client_for("base_long")
    url = reverse("accounts:my-user-add")
    taken = admin.post(url, staff_data(username=users["applicant"].username))
    assert "该用户名已被使用" in taken.context["form"].errors["username"][0]
    bad = admin.post(url, staff_data(phone="123", password2="other"))
    errors = bad.context["form"].errors
    assert "11位手机号码" in errors["phone"][0] and "两次输入的密码不一致" in errors["password2"][0]
    assert 'value="医院经办人"' in bad.content.decode()
    assert admin.post(url, {"username": ["a", "b"], "is_admin": "zz"}).status_code == 200
    assert admin.post(url, {}).status_code == 200
    assert not User.objects.filter(real_name="医院经办人").exists()


def test_edit_changes_only_the_role_and_edited_at(client_for, orgs):
    staff = UserFactory(username="old_staff")
    m = Membership.objects.create(
        user=staff, organisation=orgs["base_long"], role="base_admin", is_admin=False
    )
    User.objects.filter(pk=staff.pk).update(edited_at=timezone.now() - dt.timedelta(days=400))
    admin = client_for("base_long")
    url = reverse("accounts:my-user-edit", args=[m.pk])
    assert "修改信息" in admin.get(url).content.decode()
    response = admin.post(
        url,
        {
            "real_name": "改过的名字",
            "phone": "13600000000",
            "office_phone": "",
            "email": "new@example.cn",
            "is_admin": "on",
        },
    )
    assert response.status_code == 302
    staff.refresh_from_db()
    m.refresh_from_db()
    assert staff.real_name != "改过的名字" and staff.email != "new@example.cn" and m.is_admin
    assert timezone.now() - staff.edited_at < dt.timedelta(minutes=1)


def test_disable_asks_first_then_the_user_cannot_log_in_and_enable_restores(client_for, orgs, client):
    staff = UserFactory(username="to_disable")
    m = Membership.objects.create(
        user=staff, organisation=orgs["base_long"], role="base_admin", is_admin=False
    )
    admin = client_for("base_long")
    url = reverse("accounts:my-user-toggle", args=[m.pk])
    assert admin.get(url).status_code == 405
    confirm = admin.post(url)
    assert "确认禁用" in confirm.content.decode()
    m.refresh_from_db()
    assert m.is_active
    admin.post(url, {"confirm": "1"})
    m.refresh_from_db()
    staff.refresh_from_db()
    assert not m.is_active and not staff.is_active
    assert login(client, "to_disable", PASSWORD).status_code == 200
    assert "禁用" in admin.get(LIST).content.decode()
    admin.post(url, {"confirm": "1"})
    m.refresh_from_db()
    assert m.is_active
    assert login(client, "to_disable", PASSWORD).status_code == 302


def test_disabling_a_person_with_an_own_registration_only_removes_the_unit_role(client_for, users, orgs):
    person = users["applicant"]
    m = Membership.objects.create(
        user=person, organisation=orgs["base_long"], role="base_admin", is_admin=False
    )
    client_for("base_long").post(reverse("accounts:my-user-toggle", args=[m.pk]), {"confirm": "1"})
    person = User.objects.get(pk=person.pk)
    assert person.is_active and "base_admin" not in person.roles and "applicant" in person.roles


def test_an_admin_cannot_disable_himself(client_for, users, orgs):
    own = Membership.objects.get(user=users["base_long"], organisation=orgs["base_long"])
    response = client_for("base_long").post(
        reverse("accounts:my-user-toggle", args=[own.pk]), {"confirm": "1"}, follow=True
    )
    assert "不能禁用自己的账号" in response.content.decode()
    own.refresh_from_db()
    assert own.is_active


@pytest.mark.parametrize("key", ["applicant", "base_short", "county"])
def test_admins_of_other_organisations_and_non_admins_get_404(client_for, orgs, key):
    staff = UserFactory(username="hidden_staff")
    m = Membership.objects.create(
        user=staff, organisation=orgs["base_long"], role="base_admin", is_admin=False
    )
    c = client_for(key)
    assert c.get(reverse("accounts:my-user-edit", args=[m.pk])).status_code == 404
    assert c.post(reverse("accounts:my-user-toggle", args=[m.pk]), {"confirm": "1"}).status_code == 404
    assert c.get(f"{LIST}?org={orgs['base_long'].pk}").status_code == 404
    m.refresh_from_db()
    assert m.is_active


def test_a_plain_member_gets_404(orgs, client):
    staff = UserFactory(username="plain_member")
    Membership.objects.create(user=staff, organisation=orgs["base_long"], role="base_admin", is_admin=False)
    client.force_login(staff, backend="accounts.backends.IdentifierBackend")
    assert client.get(LIST).status_code == 404
    assert client.get(reverse("accounts:my-user-add")).status_code == 404


@pytest.mark.parametrize("rows", [5, 100])
def test_the_list_query_count_does_not_grow(client_for, orgs, rows, django_assert_max_num_queries):
    for i in range(rows):
        u = UserFactory(username=f"bulk{rows}_{i}")
        Membership.objects.create(user=u, organisation=orgs["base_long"], role="base_admin", is_admin=False)
    admin = client_for("base_long")
    admin.get(LIST)
    with django_assert_max_num_queries(10):
        response = admin.get(LIST)
    assert response.status_code == 200

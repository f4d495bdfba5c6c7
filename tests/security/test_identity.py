"""Issue 7 #1 (a co-admin takes over the owner's account) and #3 (ID squatting through 我的用户)."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Membership, OutboxEmail, User
from tests.accounts.factories import new_credit_code, new_id_number


def _staff_admin_of(orgs, users):
    """dw_jixie ticks 单位管理员 for his staff user."""
    staff = User.objects.create_user(
        "jx_staff", password="Staff#Pass2026", real_name="经办人", email="s@x.cn"
    )
    Membership.objects.create(user=staff, organisation=orgs["base_short"], role="base_admin", is_admin=True)
    return staff


def test_a_co_admin_cannot_change_the_owner_s_email_nor_reset_his_password(
    client, client_for, orgs, users, django_capture_on_commit_callbacks
):
    owner = users["base_short"]
    staff = _staff_admin_of(orgs, users)
    client.force_login(staff, backend="accounts.backends.IdentifierBackend")
    owner_m = Membership.objects.get(user=owner, organisation=orgs["base_short"])
    url = reverse("accounts:my-user-edit", args=[owner_m.pk])
    page = client.get(url).content.decode()
    assert 'name="email"' not in page and 'name="real_name"' not in page and 'name="phone"' not in page
    client.post(
        url,
        {"real_name": "x", "phone": "13900000000", "email": "attacker@evil.cn", "is_admin": "on"},
    )
    owner.refresh_from_db()
    assert owner.email != "attacker@evil.cn" and owner.real_name != "x" and owner.phone != "13900000000"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:recover"),
            {"identifier": "attacker@evil.cn", "captcha_0": "x", "captcha_1": "PASSED"},
        )
    assert not [m for m in mail.outbox if "attacker@evil.cn" in m.to]


def test_the_person_changes_his_email_only_with_his_password_and_the_old_address_is_told(
    client_for, users, cast, django_capture_on_commit_callbacks
):
    person = users["applicant"]
    old = person.email
    c = client_for("applicant")
    data = {"phone": person.phone or "13511112222", "office_phone": "", "email": "mine@example.cn"}
    refused = c.post(reverse("accounts:profile"), {**data, "current_password": "wrong"})
    assert "当前密码" in refused.content.decode()
    person.refresh_from_db()
    assert person.email == old
    with django_capture_on_commit_callbacks(execute=True):
        ok = c.post(reverse("accounts:profile"), {**data, "current_password": cast["password"]})
    assert ok.status_code == 302
    person.refresh_from_db()
    assert person.email == "mine@example.cn"
    told = [m for m in mail.outbox if m.to == [old]]
    assert told and "已修改" in told[0].subject
    assert OutboxEmail.objects.filter(to=old, sent_at__isnull=False).exists()


def _add(client, **overrides):
    data = {
        "username": "new_staff",
        "real_name": "新经办人",
        "id_number": new_id_number(),
        "phone": "13612345678",
        "office_phone": "",
        "email": "",
        "password1": "Staff#Pass2026",
        "password2": "Staff#Pass2026",
    }
    data.update(overrides)
    return client.post(reverse("accounts:my-user-add"), data)


@pytest.mark.parametrize(
    "username",
    [
        "652301197907080529",
        "65230119790708052x",
        "652301790708052",
        "91652300MA7XXXXX1Y",
        "91652300ma7xxxxx1y",
    ],
)
def test_usernames_may_not_look_like_an_id_number_or_a_credit_code(client_for, username):
    response = _add(client_for("base_long"), username=username)
    assert response.status_code == 200
    assert "不能是身份证号或统一社会信用代码" in response.content.decode()
    assert not User.objects.filter(username__iexact=username).exists()


def test_an_unapproved_unit_adds_nobody(client_for, cast):
    response = _add(client_for("pending_unit"))
    assert response.status_code == 200
    assert "审核通过后才能添加用户" in response.content.decode()
    assert not User.objects.filter(username="new_staff").exists()


def test_the_victim_can_still_register_after_a_squat_attempt(client_for, client, cast):
    victim_id = new_id_number()
    _add(client_for("pending_unit"), username=victim_id)
    _add(client_for("pending_unit"), username="squatter", id_number=victim_id)
    response = client.post(
        reverse("accounts:register"),
        {
            "real_name": "受害人",
            "id_number": victim_id,
            "phone": "13700001111",
            "email": "victim@example.cn",
            "password1": "Victim#Pass2026",
            "password2": "Victim#Pass2026",
            "captcha_0": "x",
            "captcha_1": "PASSED",
        },
    )
    assert response.status_code == 302, re.findall(r'class="error[^"]*">([^<]+)', response.content.decode())


def test_staff_are_tied_to_their_own_verified_id(client_for, users, orgs):
    admin = client_for("base_long")
    bad = _add(admin, id_number="652301197907080528")
    assert "校验位不正确" in bad.content.decode()
    person = users["applicant"]
    wrong_name = _add(admin, id_number=person.id_number, real_name="别人")
    assert "身份证号与姓名不符" in wrong_name.content.decode()
    joined = _add(admin, id_number=person.id_number, real_name=person.real_name, username="", password1="")
    assert joined.status_code == 302
    assert Membership.objects.filter(user=person, organisation=orgs["base_long"]).exists()
    assert User.objects.filter(id_number=person.id_number).count() == 1
    fresh_id = new_id_number()
    assert _add(admin, id_number=fresh_id, username="ward_clerk").status_code == 302
    assert User.objects.get(username="ward_clerk").id_number == fresh_id


def test_the_credit_code_helper_used_above_is_really_code_shaped():
    assert len(new_credit_code()) == 18

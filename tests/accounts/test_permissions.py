"""Every accounts view: anonymous → login, other roles → 404, holder → 200/302; POST-only views
refuse GET; each role's menu shows its entries; list pages keep a query budget."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Membership
from accounts.services import notify, request_unit_change
from zhicheng import menus

from .factories import PDF_BYTES, PNG_BYTES, UnitFactory, UserFactory


@pytest.fixture
def objects(orgs, users):
    """One object of each kind the views load, all belonging to the county's area."""
    unit_admin = UserFactory(username="perm_unit_admin")
    unit = UnitFactory(
        name="权限测试单位",
        parent=orgs["county"],
        admin=unit_admin,
        pending=True,
        licence=SimpleUploadedFile("l.pdf", PDF_BYTES),
    )
    change = request_unit_change(
        orgs["base_long"],
        by=users["base_long"],
        name="权限测试改名",
        contact_name="x",
        contact_phone="1",
        licence=SimpleUploadedFile("c.pdf", PDF_BYTES),
        licence_kind="pdf",
    )
    staff = UserFactory(username="perm_staff")
    membership = Membership.objects.create(
        user=staff, organisation=orgs["base_long"], role="base_admin", is_admin=False
    )
    users["base_long"].photo.save("p.png", SimpleUploadedFile("p.png", PNG_BYTES))
    message = notify(users["applicant"], "权限测试消息", email=False)
    return {
        "unit": unit,
        "change": change,
        "membership": membership,
        "message": message,
        "unit_admin": unit_admin,
    }


def cases(objects, users, orgs):
    """(url, method, holder key, strangers)."""
    u, c, m = objects["unit"], objects["change"], objects["membership"]
    return [
        (reverse("accounts:unit-queue"), "get", "county", ["applicant", "base_long", "committee_changji"]),
        (
            reverse("accounts:unit-review", args=[u.pk]),
            "get",
            "county",
            ["pref_bureau", "applicant", "base_long"],
        ),
        (
            reverse("accounts:unit-licence", args=[u.pk]),
            "get",
            "county",
            ["pref_bureau", "applicant", "base_long"],
        ),
        (reverse("accounts:unit-approve", args=[u.pk]), "get", "county", ["pref_bureau", "applicant"]),
        (reverse("accounts:unit-return", args=[u.pk]), "get", "county", ["pref_bureau", "applicant"]),
        (reverse("accounts:change-queue"), "get", "county", ["applicant", "base_long"]),
        (
            reverse("accounts:change-review", args=[c.pk]),
            "get",
            "county",
            ["pref_bureau", "applicant", "base_short"],
        ),
        (
            reverse("accounts:change-licence", args=[c.pk]),
            "get",
            "county",
            ["pref_bureau", "applicant", "base_short"],
        ),
        (reverse("accounts:change-approve", args=[c.pk]), "get", "county", ["pref_bureau", "base_long"]),
        (reverse("accounts:change-return", args=[c.pk]), "get", "county", ["pref_bureau", "base_long"]),
        (
            reverse("accounts:unit-info", args=[orgs["base_long"].pk]),
            "get",
            "base_long",
            ["base_short", "county", "applicant"],
        ),
        (
            reverse("accounts:unit-resubmit", args=[orgs["base_long"].pk]),
            "post",
            "base_long",
            ["base_short", "county", "applicant"],
        ),
        (
            reverse("accounts:unit-change", args=[orgs["base_long"].pk]),
            "post",
            "base_long",
            ["base_short", "county", "applicant"],
        ),
        (reverse("accounts:unit-info-list"), "get", "base_long", ["applicant", "county"]),
        (reverse("accounts:my-users"), "get", "base_long", ["applicant"]),
        (reverse("accounts:my-user-add"), "get", "base_long", ["applicant"]),
        (
            reverse("accounts:my-user-edit", args=[m.pk]),
            "get",
            "base_long",
            ["base_short", "county", "applicant"],
        ),
        (reverse("accounts:my-user-toggle", args=[m.pk]), "post", "base_long", ["base_short", "county"]),
        (
            reverse("accounts:user-file", args=[users["base_long"].pk, "photo"]),
            "get",
            "base_long",
            ["base_short", "applicant"],
        ),
        (reverse("accounts:message-read", args=[objects["message"].pk]), "post", "applicant", ["applicant2"]),
        (reverse("accounts:profile"), "get", "applicant", []),
        (reverse("accounts:password-change"), "get", "applicant", []),
        (reverse("accounts:messages"), "get", "applicant", []),
        (reverse("accounts:messages-read-all"), "post", "applicant", []),
        (reverse("accounts:profile-files"), "post", "applicant", []),
    ]


def test_the_permission_matrix(client, client_for, objects, users, orgs):
    login_url = reverse("accounts:login")
    for url, method, holder, strangers in cases(objects, users, orgs):
        anonymous = getattr(client, method)(url)
        assert anonymous.status_code == 302 and anonymous["Location"].startswith(login_url), url
        for key in strangers:
            assert getattr(client_for(key), method)(url).status_code == 404, (url, key)
        allowed = getattr(client_for(holder), method)(url)
        assert allowed.status_code in (200, 302), (url, holder, allowed.status_code)
        if method == "post":
            assert client_for(holder).get(url).status_code == 405, url


def test_public_pages_answer_everyone(client, db):
    for name in (
        "accounts:register",
        "accounts:register-unit",
        "accounts:recover",
        "accounts:recover-done",
        "accounts:appeal",
        "home",
    ):
        assert client.get(reverse(name)).status_code == 200, name


def labels_for(user):
    return {(section, label) for section, items in menus.menu_for(user) for label, _url in items}


def test_each_roles_menu_shows_the_right_entries(users):
    county = labels_for(users["county"])
    assert {
        ("单位管理", "单位注册审核"),
        ("系统设置", "我的信息"),
        ("系统设置", "我的用户"),
        ("系统设置", "我的消息"),
    } <= county
    base = labels_for(users["base_long"])
    assert ("系统设置", "单位信息") in base and ("系统设置", "我的用户") in base
    assert ("单位管理", "单位注册审核") not in base
    applicant = labels_for(users["applicant"])
    assert {("系统设置", "我的信息"), ("系统设置", "我的消息")} <= applicant
    assert not {("系统设置", "我的用户"), ("单位管理", "单位注册审核"), ("系统设置", "单位信息")} & applicant
    committee = labels_for(users["committee_changji"])
    assert ("系统设置", "我的用户") in committee and ("单位管理", "单位注册审核") not in committee
    assert ("系统设置", "平台管理") in labels_for(users["admin"])


def test_the_menu_is_rendered_in_the_page(client_for):
    html = client_for("county").get(reverse("accounts:home")).content.decode()
    assert (
        "单位管理" in html and reverse("accounts:unit-queue") in html and reverse("accounts:my-users") in html
    )


@pytest.mark.parametrize("rows", [5, 100])
def test_the_approval_queue_query_count_does_not_grow(client_for, orgs, rows, django_assert_max_num_queries):
    for i in range(rows):
        UnitFactory(name=f"队列单位{rows}-{i}", parent=orgs["county"], pending=True)
    c = client_for("county")
    c.get(reverse("accounts:unit-queue"))
    with django_assert_max_num_queries(10):
        response = c.get(reverse("accounts:unit-queue"))
    assert response.status_code == 200 and f"队列单位{rows}-0" in response.content.decode()
    with django_assert_max_num_queries(10):
        assert c.get(reverse("accounts:unit-queue") + "?show=done").status_code == 200


@pytest.mark.parametrize("rows", [5, 100])
def test_the_change_queue_query_count_does_not_grow(client_for, orgs, rows, django_assert_max_num_queries):
    for i in range(rows):
        unit = UnitFactory(name=f"改名单位{rows}-{i}", parent=orgs["county"], state="accepted")
        request_unit_change(unit, by=None, name=f"新名{i}", contact_name="x", contact_phone="1")
    c = client_for("county")
    with django_assert_max_num_queries(10):
        response = c.get(reverse("accounts:change-queue"))
    assert response.status_code == 200

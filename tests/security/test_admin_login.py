"""Issue 7 (Also): the Django admin login sits behind the platform login (captcha + lockout)."""

from django.urls import reverse


def test_admin_login_sends_to_the_platform_login(client, db):
    r = client.get("/admin/")
    assert r.status_code == 302
    r = client.get(r["Location"])
    assert r.status_code == 302 and r["Location"].startswith(reverse("accounts:login"))
    assert "next=/admin/" in r["Location"]
    direct = client.post("/admin/login/", {"username": "admin", "password": "Demo@2026zc"})
    assert direct.status_code == 302 and direct["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session


def test_the_platform_login_with_captcha_leads_into_the_admin(client, cast):
    r = client.post(
        f"{reverse('accounts:login')}?next=/admin/",
        {"username": "admin", "password": cast["password"], "captcha_0": "x", "captcha_1": "PASSED"},
    )
    assert r.status_code == 302 and r["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_admin_lockout_is_the_platform_lockout(client, cast, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("accounts:login"),
            {"username": "ADMIN", "password": "bad", "captcha_0": "x", "captcha_1": "PASSED"},
        )
    r = client.post(
        f"{reverse('accounts:login')}?next=/admin/",
        {"username": "admin", "password": cast["password"], "captcha_0": "x", "captcha_1": "PASSED"},
    )
    assert r.status_code == 429


def test_a_non_staff_person_is_refused_not_looped(client_for):
    r = client_for("applicant").get("/admin/login/?next=/admin/")
    assert r.status_code == 403

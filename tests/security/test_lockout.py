"""Issue 7 #2 (one lockout counter per account whatever spelling is typed) and issue 9 #5
(the lockout page links 找回用户名或密码; a completed reset lifts the lock)."""

import re

import pytest
from django.core import mail
from django.urls import reverse


def login(client, username, password):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password, "captcha_0": "x", "captcha_1": "PASSED"},
    )


def _spaced(number):
    return f"{number[:6]} {number[6:]}"


def _fullwidth(text):
    return "".join(chr(ord(c) + 0xFEE0) if c.isalnum() else c for c in text)


@pytest.mark.parametrize("variant", [_spaced, lambda n: n.lower(), _fullwidth, lambda n: f" {n} "])
def test_a_variant_of_a_locked_id_number_is_locked_too(client, cast, settings, variant):
    person = cast["users"]["applicant"]
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, person.id_number, "wrong-password")
    response = login(client, variant(person.id_number), cast["password"])
    assert response.status_code == 429
    assert not client.session.get("_auth_user_id")


def test_failures_under_different_identifiers_of_one_account_share_one_counter(client, cast, settings):
    unit_admin = cast["users"]["base_short"]
    code = cast["orgs"]["base_short"].credit_code
    spellings = [code.lower(), _spaced(code), unit_admin.username.upper(), code, _fullwidth(code)]
    for ident in spellings[: settings.AXES_FAILURE_LIMIT]:
        login(client, ident, "wrong-password")
    assert login(client, unit_admin.username, cast["password"]).status_code == 429


def test_the_counter_is_per_account_not_per_ip(client, cast, settings):
    person = cast["users"]["applicant"]
    for i in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("accounts:login"),
            {"username": person.username, "password": "x", "captcha_0": "x", "captcha_1": "PASSED"},
            REMOTE_ADDR=f"10.0.0.{i + 1}",
        )
    assert login(client, person.username, cast["password"]).status_code == 429


def test_variants_still_log_in_when_not_locked(client, cast):
    person = cast["users"]["applicant"]
    assert login(client, _fullwidth(_spaced(person.id_number.lower())), cast["password"]).status_code == 302


def test_lockout_page_links_recovery_and_a_completed_reset_lifts_the_lock(
    client, cast, settings, django_capture_on_commit_callbacks
):
    person = cast["users"]["applicant"]
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = login(client, person.username, "wrong-password")
    assert response.status_code == 429
    html = response.content.decode()
    assert f'href="{reverse("accounts:recover")}"' in html and "找回用户名或密码" in html

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:recover"), {"identifier": person.email, "captcha_0": "x", "captcha_1": "PASSED"}
        )
    link = re.search(r"http://[^/]+(/accounts/reset/\S+)", mail.outbox[-1].body).group(1)
    form_page = client.get(link, follow=True)
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": "Brand#New2026", "new_password2": "Brand#New2026"})
    assert done.status_code == 302
    assert login(client, _spaced(person.id_number), "Brand#New2026").status_code == 302

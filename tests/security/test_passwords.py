"""Issue 7: password-validator messages appear in Chinese on every form that sets a password."""

import re

import pytest
from django.urls import reverse

ENGLISH = re.compile(r"[A-Za-z]{4,}")


@pytest.mark.parametrize("password", ["abc", "12345678", "password", "Zhang1988"])
def test_register_password_errors_are_chinese(client, db, password):
    r = client.post(
        reverse("accounts:register"),
        {
            "real_name": "Zhang1988",
            "id_number": "x",
            "phone": "1",
            "email": "zhang1988@example.cn",
            "password1": password,
            "password2": password,
        },
        HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9",
    )
    errors = r.context["form"].errors.get("password1")
    assert errors, password
    for message in errors:
        assert not ENGLISH.search(message.replace("Zhang1988", "")), message


def test_password_change_and_help_texts_are_chinese(client_for):
    c = client_for("applicant")
    r = c.post(
        reverse("accounts:password-change"),
        {"old_password": "Demo@2026zc", "new_password1": "abc", "new_password2": "abc"},
    )
    errors = r.context["form"].errors["new_password2"]
    assert errors and all(not ENGLISH.search(m) for m in errors), errors
    from django.contrib.auth.password_validation import password_validators_help_texts

    assert all(not ENGLISH.search(t) for t in password_validators_help_texts())

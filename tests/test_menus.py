"""Every entry of every demo role's menu opens a page (a menu must never lead to an error)."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.demo import DEMO_LOGINS
from accounts.models import User


@pytest.mark.parametrize("role, username", DEMO_LOGINS)
def test_every_menu_entry_of_every_demo_role_opens(cast, role, username):
    from accounts import demo

    demo.seed_pending_unit(cast)
    for module in ("filings.demo", "applications.demo", "experts.demo", "meetings.demo"):
        __import__(module, fromlist=["seed"]).seed(cast)
    client = Client()
    client.force_login(User.objects.get(username=username), backend="accounts.backends.IdentifierBackend")
    home = client.get(reverse("accounts:home"))
    assert home.status_code == 200
    sections = home.context["menu_sections"]
    assert sections, f"{role} has no menu"
    for section, items in sections:
        for label, url in items:
            response = client.get(url, follow=True)
            assert response.status_code == 200, (
                f"{role}: {section} → {label} ({url}) answered {response.status_code}"
            )

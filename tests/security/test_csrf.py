"""Issue 7 / issue 8: a CSRF-enforcing client against every view that accepts a POST. Without a
token every POST is refused (403, the platform's 页面已过期 page) before the view runs — for
every role, on real objects — and nothing changes."""

import pytest
from django.test import Client

from .world import filled_urls, seed_world, walk

WHO = ["applicant", "base_short", "county", "committee_region", "office_region", "admin"]


def _snapshot():
    from accounts.models import Membership, Organisation, User
    from applications.models import Application
    from filings.models import Filing
    from zhicheng.workflow import ChainStep

    return (
        ChainStep.objects.count(),
        list(Application.objects.order_by("pk").values_list("state", "current_step_id")),
        list(Filing.objects.order_by("pk").values_list("state", "current_step_id")),
        list(Organisation.objects.order_by("pk").values_list("state", "is_active")),
        list(Membership.objects.order_by("pk").values_list("is_active", "is_admin")),
        list(User.objects.order_by("pk").values_list("email", "is_active")),
    )


@pytest.mark.django_db
def test_every_post_without_a_csrf_token_is_refused_and_changes_nothing():
    cast = seed_world()
    clients = {}
    for key in WHO:
        c = Client(enforce_csrf_checks=True, raise_request_exception=False)
        c.force_login(cast["users"][key], backend="accounts.backends.IdentifierBackend")
        clients[key] = c
    anonymous = Client(enforce_csrf_checks=True, raise_request_exception=False)
    before = _snapshot()
    wrong = []
    for name, route in sorted(set(walk())):
        for url in filled_urls(name, route, limit=1):
            for who, c in [*clients.items(), ("anonymous", anonymous)]:
                r = c.post(url, {"confirm": "1", "text": "x", "reason": "x", "region": "650000"})
                if r.status_code != 403:
                    wrong.append((who, name, url, r.status_code))
                elif "页面已过期" not in r.content.decode("utf-8", "replace"):
                    wrong.append((who, name, url, "403 without the CSRF page"))
    assert wrong == [], "\n".join(map(str, wrong[:40]))
    assert _snapshot() == before

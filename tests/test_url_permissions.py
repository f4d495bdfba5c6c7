"""Every URL of the platform, visited by a stranger: a safety net over all apps' views.

Anonymous visitors must be sent to the login page (or get 404/405) everywhere except on the
public pages listed below; a logged-in person with no role in an object must never get a 500.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

PUBLIC = {
    "home",
    "notice-detail",
    "set-region",
    "accounts:login",
    "accounts:logout",
    "accounts:register",
    "accounts:register-unit",
    "accounts:register-notice",
    "accounts:recover",
    "accounts:recover-confirm",
    "accounts:recover-done",
    "accounts:reset",
    "accounts:reset-done",
    "accounts:appeal",
    "accounts:appeal-done",
    "accounts:supervising-search",
    "certificates:verify",
    "documents:verify",
    "certificates:query",
    "certificates:signing-certificate",
    "meetings:public-list",
    "meetings:public-detail",
    "meetings:objection-new",
}
SKIP_NAMESPACES = {"admin", "captcha"}


def _walk(resolver, prefix="", namespace=None):
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or namespace
            if ns in SKIP_NAMESPACES:
                continue
            yield from _walk(p, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern) and p.name:
            yield (f"{namespace}:{p.name}" if namespace else p.name), prefix + str(p.pattern), p


def _fill(route):
    """Fill path converters with values that match nothing in the database."""
    route = re.sub(r"<int:\w+>", "987654", route)
    route = re.sub(r"<uuid:\w+>", "00000000-0000-0000-0000-000000000000", route)
    route = re.sub(r"<(?:str|slug):\w+>", "zz-none", route)
    route = re.sub(r"<path:\w+>", "zz/none", route)
    route = re.sub(r"<\w+>", "zz-none", route)
    return "/" + route.lstrip("^").rstrip("$")


def all_routes():
    return sorted({(name, _fill(route)) for name, route, _ in _walk(get_resolver())})


@pytest.mark.parametrize("name, url", all_routes())
def test_anonymous_visitors_are_sent_to_login_or_refused(client, db, name, url):
    response = client.get(url)
    assert response.status_code != 500
    if name in PUBLIC:
        assert response.status_code in (200, 302, 404, 405)
        return
    assert response.status_code in (302, 404, 405), f"{name} answered {response.status_code} to a stranger"
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("accounts:login")), f"{name} → {response['Location']}"


@pytest.mark.parametrize("name, url", all_routes())
def test_a_logged_in_applicant_never_sees_a_500_on_unknown_objects(client_for, name, url):
    response = client_for("applicant2").get(url)
    assert response.status_code in (200, 302, 403, 404, 405), f"{name} answered {response.status_code}"

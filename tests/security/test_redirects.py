"""Issue 7 (Also): POST /region/ follows only same-site paths, never `next` or Referer off-site."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/x",
        "javascript:alert(1)",
        "http:evil.example",
        "/\\evil.example",
    ],
)
def test_region_switch_refuses_off_site_next(client, db, next_url):
    r = client.post(reverse("set-region"), {"region": "650000", "next": next_url})
    assert r.status_code == 302
    assert r["Location"] == reverse("home")


def test_region_switch_refuses_off_site_referer(client, db):
    r = client.post(reverse("set-region"), {"region": "650000"}, HTTP_REFERER="https://evil.example/")
    assert r["Location"] == reverse("home")


def test_region_switch_follows_a_same_site_path_and_referer(client, db):
    r = client.post(reverse("set-region"), {"region": "650000", "next": "/applications/new/?step=2"})
    assert r["Location"] == "/applications/new/?step=2"
    r = client.post(reverse("set-region"), {"region": "650000"}, HTTP_REFERER="http://testserver/notices/1/")
    assert r["Location"] == "/notices/1/"

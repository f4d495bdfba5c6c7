"""Issue 7 #8: the named inputs that answered 500 (each also covered by the hostile-input walk)."""

import pytest
from django.urls import reverse

from applications.models import SeriesTemplate
from tests.applications.factories import make_application, open_item


@pytest.mark.parametrize("value", ["abc", "9" * 30, "-5", ""])
def test_non_numeric_filing_item_is_refused_with_a_message(client_for, users, orgs, value):
    c = client_for("applicant")
    r = c.post(reverse("applications:new"), {"filing_item": value}, follow=True)
    assert r.status_code == 200
    item = open_item(orgs["committee_region"], users["committee_region"])
    app = make_application(users["applicant"], item, orgs["base_short"])
    r = c.post(reverse("applications:change", args=[app.pk]), {"filing_item": value}, follow=True)
    assert r.status_code == 200


@pytest.mark.parametrize("url", ["/accounts/units/search/?q=a%00b", "/applications/new/?region=%00"])
def test_nul_in_query_parameters_is_refused_with_the_message(client_for, url):
    r = client_for("applicant").get(url)
    assert r.status_code == 400 and "控制字符" in r.content.decode()


def test_nul_in_region_post_and_opinion_text(client_for, users, orgs):
    c = client_for("base_short")
    assert c.post(reverse("set-region"), {"region": "65\x000000"}).status_code == 400
    item = open_item(orgs["committee_region"], users["committee_region"])
    app = make_application(users["applicant"], item, orgs["base_short"], submitted=True)
    r = c.post(reverse("applications:opinion", args=[app.pk]), {"kind": "basic", "text": "a\x00b"})
    assert r.status_code == 400 and "控制字符" in r.content.decode()


def test_admin_can_edit_and_delete_a_series_template(client_for, db):
    template = SeriesTemplate.objects.order_by("pk").first()
    if template is None:
        pytest.skip("no series template in the reference data")
    admin = client_for("admin")
    assert admin.get(f"/admin/applications/seriestemplate/{template.pk}/change/").status_code == 200
    assert admin.get(f"/admin/applications/seriestemplate/{template.pk}/delete/").status_code == 200

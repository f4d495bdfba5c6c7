"""Issue 9 item 10: 推荐意见 on a short page of its own — an error sits next to its field at the
top (not at the bottom of the 4,600 px review page), a success redirects (a refresh does not re-post)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from applications.models import Recommendation

pytestmark = pytest.mark.django_db

REC = {"leader": "郑海", "phone": "0991-0000108", "mobile": "13800000001", "email": "a@example.cn"}


def _url(app):
    return reverse("applications:recommend", args=[app.pk])


def test_an_error_renders_the_short_form_page_with_the_message_beside_the_field(submitted, client_for):
    response = client_for("base_short").post(
        _url(submitted), {**REC, "text": "短", "expected_step": submitted.current_step_id}
    )
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "applications/recommend.html"
    html = response.content.decode()
    field = html.split('id="field-text"')[1].split("</div>")[0]
    assert "推荐意见应在20到1000字之间（当前1字）" in field  # next to its field
    textarea = re.search(r"<textarea[^>]*>", field).group(0)
    assert "autofocus" in textarea  # the browser puts the first wrong field at the top of the viewport
    assert "修改意见" not in html  # not the long review page
    assert Recommendation.objects.count() == 0


def test_a_saved_recommendation_redirects_to_the_review_page(submitted, client_for):
    text = "该同志业绩突出，已达到申报资格条件，同意推荐。" * 2
    response = client_for("base_short").post(
        _url(submitted), {**REC, "text": text, "expected_step": submitted.current_step_id}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"/applications/{submitted.pk}/#recommendation")
    assert Recommendation.objects.get(application=submitted).text == text


def test_who_may_open_the_recommendation_page(submitted, client_for):
    assert client_for("base_short").get(_url(submitted)).status_code == 200  # the holder
    assert client_for("dept").get(_url(submitted)).status_code == 404  # a stranger
    assert client_for("applicant").get(_url(submitted)).status_code == 403  # sees it, does not hold it
    anonymous = Client().get(_url(submitted))
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]

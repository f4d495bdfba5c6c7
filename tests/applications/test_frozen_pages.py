"""Issue 9 item 9: a submitted application shows no controls that do nothing, and the
距提交截止 line shows only while the applicant can still submit."""

import pytest
from django.urls import reverse

from applications.sections import SectionKind

pytestmark = pytest.mark.django_db


def _page(client, app, kind):
    return client.get(reverse("applications:edit-section", args=[app.pk, kind])).content.decode()


def test_a_draft_shows_the_form_and_the_deadline(client_for, draft):
    html = _page(client_for("applicant"), draft, SectionKind.BASIC)
    assert "距提交截止还有" in html and ">保存<" in html and ">查找<" in html


def test_a_submitted_application_shows_values_without_buttons_or_deadline(client_for, submitted):
    client = client_for("applicant")
    html = _page(client, submitted, SectionKind.BASIC)
    assert '<form method="post" novalidate>' not in html
    assert ">保存<" not in html and ">查找<" not in html and "disabled" not in html
    assert "技术部" in html  # the values are shown as text
    assert "距提交截止还有" not in html
    rows = _page(client, submitted, SectionKind.EDUCATION)
    assert ">保存<" not in rows and "上传附件" not in rows and "距提交截止还有" not in rows
    detail = client.get(reverse("applications:detail", args=[submitted.pk])).content.decode()
    assert "距提交截止还有" not in detail

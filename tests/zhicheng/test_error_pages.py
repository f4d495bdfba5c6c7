"""Issue 9 item 3: Chinese 400/403/404/500 and CSRF pages in the platform layout, with a way home;
500 renders without the database and without context processors."""

import pytest
from django.test import Client, RequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.zhicheng.error_urls"


def test_an_unknown_address_shows_the_chinese_404_in_the_platform_layout(production, client_for):
    response = client_for("applicant").get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "页面不存在" in body and "Not Found" not in body
    assert 'class="top-nav"' in body  # the platform layout with its menus
    assert "返回我的主页" in body and "返回首页" in body


def test_a_refused_action_shows_the_chinese_403(production, client_for):
    response = client_for("applicant").get("/test-403/")
    assert response.status_code == 403
    body = response.content.decode()
    assert "无权访问" in body and "Forbidden" not in body
    assert 'class="top-nav"' in body and "返回首页" in body


def test_a_refusal_with_a_reason_shows_it(production, client_for):
    response = client_for("applicant").get("/test-403-reason/")
    assert response.status_code == 403 and "该记录已被他人处理，请刷新后重试" in response.content.decode()


def test_a_post_without_csrf_token_shows_the_chinese_expired_page(production, users):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["applicant"], backend="accounts.backends.IdentifierBackend")
    response = client.post("/region/", {"region": "650000"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "页面已过期" in body and "CSRF" not in body
    assert 'class="top-nav"' in body and "返回首页" in body


def test_the_500_page_needs_neither_database_nor_context_processors(
    production, settings, django_assert_num_queries
):
    from zhicheng.views import bad_request, server_error

    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "OPTIONS": {**settings.TEMPLATES[0]["OPTIONS"], "context_processors": ["no.such.processor"]},
        }
    ]
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = server_error(request)
        bad = bad_request(request)
    assert response.status_code == 500
    body = response.content.decode()
    assert "系统繁忙" in body and "Server Error" not in body and 'href="/"' in body
    assert "新疆专业技术人员管理平台" in body
    assert bad.status_code == 400 and "请求有误" in bad.content.decode()


def test_an_exception_in_a_view_reaches_the_user_as_the_chinese_500(production, users):
    client = Client(raise_request_exception=False)
    client.force_login(users["applicant"], backend="accounts.backends.IdentifierBackend")
    response = client.get("/test-500/")
    assert response.status_code == 500
    assert "系统繁忙" in response.content.decode()

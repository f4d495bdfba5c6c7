import pytest
from django.urls import reverse

from accounts.demo import DEMO_LOGINS


def login(client, username, password, captcha="PASSED"):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password, "captcha_0": "x", "captcha_1": captcha},
    )


def test_home_page_shows_notices_and_login(client, db):
    from accounts.models import Notice

    Notice.objects.create(title="关于做好2026年度职称评审工作的通知")
    response = client.get("/")
    assert response.status_code == 200
    assert "关于做好2026年度职称评审工作的通知" in response.content.decode()
    assert "平台统一登录" in response.content.decode()


@pytest.mark.parametrize("role, username", DEMO_LOGINS)
def test_every_demo_login_reaches_its_home(client, cast, role, username):
    if username in ("zj_01", "sq_wang"):  # made by the experts and meetings demos
        for module in ("filings.demo", "applications.demo", "experts.demo", "meetings.demo"):
            __import__(module, fromlist=["seed"]).seed(cast)
    response = login(client, username, cast["password"])
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(reverse("accounts:home"))
    assert page.status_code == 200
    assert "我的主页" in page.content.decode()


def test_login_by_id_number_and_by_credit_code(client, cast):
    assert login(client, cast["users"]["applicant"].id_number.lower(), cast["password"]).status_code == 302
    client.logout()
    assert login(client, cast["orgs"]["base_short"].credit_code, cast["password"]).status_code == 302
    assert client.get(reverse("accounts:home")).context["user"] == cast["users"]["base_short"]


def test_wrong_captcha_is_refused_beside_the_field_and_keeps_the_username(client, cast):
    response = login(client, "sq_zhang", cast["password"], captcha="WRONG")
    assert response.status_code == 200
    html = response.content.decode()
    assert "验证码不正确" in html and 'value="sq_zhang"' in html


def test_wrong_password_message_then_lockout(client, cast, settings):
    response = login(client, "sq_zhang", "wrong-password")
    assert "账号或密码不正确" in response.content.decode()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = login(client, "sq_zhang", "wrong-password")
    assert response.status_code == 429
    assert "已被锁定" in response.content.decode()
    # even the right password is refused while locked
    assert login(client, "sq_zhang", cast["password"]).status_code == 429


def test_anonymous_home_redirects_to_login(client, db):
    response = client.get(reverse("accounts:home"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]

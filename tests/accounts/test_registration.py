"""个人注册: happy path, every refusal beside its field with the typed values kept."""

import pytest
from django.urls import reverse

from accounts.models import User

from .factories import new_id_number

URL = reverse("accounts:register")


def form_data(**overrides):
    data = {
        "real_name": "王测试",
        "id_number": new_id_number(),
        "phone": "13912345678",
        "email": "wang@example.cn",
        "password1": "Zhicheng#2026",
        "password2": "Zhicheng#2026",
        "captcha_0": "x",
        "captcha_1": "PASSED",
    }
    data.update(overrides)
    return data


def field_errors(response, name):
    return [str(e) for e in response.context["form"].errors.get(name, [])]


def test_registration_page_shows_the_fields_of_the_guide(client, db):
    html = client.get(URL).content.decode()
    for label in ("姓名", "身份证号", "手机号", "电子邮箱", "密码", "确认密码", "验证码"):
        assert label in html


def test_a_person_registers_is_logged_in_and_lands_on_my_home(client, db):
    data = form_data()
    number = data["id_number"]
    data["id_number"] = number[:-1] + number[-1].lower()
    response = client.post(URL, data)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:home")
    user = User.objects.get(id_number=number.upper())
    assert user.username == number.upper()
    assert user.real_name == "王测试" and user.phone == "13912345678"
    assert user.birth_date.strftime("%Y%m%d") == number[6:14]
    assert user.gender == ("1" if int(number[16]) % 2 else "2")
    page = client.get(reverse("accounts:home"))
    assert page.context["user"] == user and "我的主页" in page.content.decode()


def test_lowercase_x_is_stored_as_capital_x(client, db):
    # find a synthetic number ending in X
    from accounts.synthetic import make_id_number

    number = next(
        n for n in (make_id_number(seq=s, address="650102") for s in range(1, 999, 2)) if n.endswith("X")
    )
    response = client.post(URL, form_data(id_number=number.lower()))
    assert response.status_code == 302
    assert User.objects.filter(id_number=number, username=number).exists()


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("id_number", "65230119850101", "身份证号应为18位"),
        ("id_number", "652301198501011239", "校验位不正确"),
        ("id_number", "652301199913451234", "出生日期不正确"),
        ("phone", "12345678901", "11位手机号码"),
        ("email", "not-an-email", "有效的电子邮箱"),
        ("real_name", "", "这个字段是必须的"),
    ],
)
def test_bad_input_is_refused_beside_the_field_and_typed_values_kept(client, db, field, value, message):
    data = form_data(**{field: value})
    response = client.post(URL, data)
    assert response.status_code == 200
    assert any(message in e for e in field_errors(response, field)), response.context["form"].errors
    html = response.content.decode()
    assert f'id="field-{field}"' in html
    assert 'value="王测试"' in html or field == "real_name"
    assert 'value="wang@example.cn"' in html or field == "email"
    assert not User.objects.exists()


def test_weak_and_mismatched_passwords_are_refused(client, db):
    response = client.post(URL, form_data(password1="12345678", password2="12345678"))
    assert any("全是数字" in e or "太常见" in e or "过于" in e for e in field_errors(response, "password1"))
    response = client.post(URL, form_data(password2="Different#2026"))
    assert field_errors(response, "password2") == ["两次输入的密码不一致。"]
    assert not User.objects.exists()


def test_wrong_captcha_is_refused(client, db):
    response = client.post(URL, form_data(captcha_1="WRONG"))
    assert "验证码不正确，请重新输入。" in field_errors(response, "captcha")
    assert not User.objects.exists()


def test_an_id_already_registered_is_refused_with_a_link_to_recover(client, users):
    taken = users["applicant"].id_number
    response = client.post(URL, form_data(id_number=taken.lower()))
    assert response.status_code == 200
    errors = field_errors(response, "id_number")
    assert errors and "该身份证号已注册" in errors[0]
    html = response.content.decode()
    assert f'href="{reverse("accounts:recover")}"' in html and "【找回用户名或密码】" in html
    assert User.objects.filter(id_number=taken).count() == 1


def test_garbage_post_never_breaks_the_form(client, db):
    garbage = {
        "real_name": "x" * 500,
        "id_number": "\x00" * 3,
        "phone": ["a", "b"],
        "email": "@@",
        "password1": "",
        "captcha_0": "",
        "unexpected": "1",
    }
    response = client.post(URL, garbage)
    # the NUL is refused by the input-cleaning layer with its Chinese message (zhicheng.middleware)
    assert response.status_code == 400 and "控制字符" in response.content.decode()
    response = client.post(URL, {**garbage, "id_number": "abc"})
    assert response.status_code == 200
    response = client.post(URL, {})
    assert response.status_code == 200
    assert not User.objects.exists()


def test_a_logged_in_person_is_sent_home(client_for):
    response = client_for("applicant").get(URL)
    assert response.status_code == 302

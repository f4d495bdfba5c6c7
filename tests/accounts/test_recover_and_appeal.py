"""找回用户名或密码 (one-time link by email, same answer either way) and 账号申诉."""

import re

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Appeal

from .factories import EXE_BYTES, JPG_BYTES, new_id_number

RECOVER = reverse("accounts:recover")


def ask(client, identifier, captcha="PASSED"):
    return client.post(RECOVER, {"identifier": identifier, "captcha_0": "x", "captcha_1": captcha})


def test_recover_by_id_number_mails_username_and_a_one_time_link(
    client, users, django_capture_on_commit_callbacks
):
    person = users["applicant"]
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, person.id_number.lower())
    assert response.status_code == 302 and response["Location"] == reverse("accounts:recover-done")
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert person.username in body and mail.outbox[0].to == [person.email]
    link = re.search(r"http://[^/]+(/accounts/reset/\S+)", body).group(1)
    form_page = client.get(link, follow=True)
    assert "设置新密码" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    done = client.post(set_url, {"new_password1": "Brand#New2026", "new_password2": "Brand#New2026"})
    assert done.status_code == 302
    person.refresh_from_db()
    assert person.check_password("Brand#New2026")
    again = client.get(link, follow=True)
    assert "重置链接无效或已被使用" in again.content.decode()


def test_recover_answers_the_same_for_unknown_accounts(client, users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        known = ask(client, users["applicant"].email)
        unknown = ask(client, "nobody@example.cn")
        unknown_id = ask(client, new_id_number())
    assert known["Location"] == unknown["Location"] == unknown_id["Location"]
    assert len(mail.outbox) == 1
    page = client.get(known["Location"]).content.decode()
    assert "如果该身份证号或邮箱已在平台注册" in page and "账号申诉" in page


def test_recover_refuses_a_wrong_captcha_and_garbage(client, db):
    response = ask(client, "someone@example.cn", captcha="WRONG")
    assert (
        "验证码不正确" in response.content.decode()
        and 'value="someone@example.cn"' in response.content.decode()
    )
    assert client.post(RECOVER, {"identifier": ["a", "b"], "captcha_0": ""}).status_code == 200
    assert client.post(RECOVER, {}).status_code == 200


def appeal_data(**overrides):
    data = {
        "real_name": "申诉人",
        "id_number": new_id_number(),
        "phone": "13712345678",
        "email": "appeal@example.cn",
        "explanation": "注册邮箱已停用，无法找回密码。",
        "captcha_0": "x",
        "captcha_1": "PASSED",
    }
    data.update(overrides)
    return data


def test_an_appeal_is_stored_with_the_id_photo(client, db):
    response = client.post(
        reverse("accounts:appeal"), appeal_data(id_front=SimpleUploadedFile("sfz.jpg", JPG_BYTES))
    )
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    assert appeal.status == Appeal.Status.PENDING and appeal.id_front.name.endswith(".jpg")
    assert appeal.id_front_name == "sfz.jpg"


def test_an_appeal_refuses_bad_input_beside_the_field(client, db):
    url = reverse("accounts:appeal")
    response = client.post(url, appeal_data(id_number="123", id_front=SimpleUploadedFile("a.jpg", EXE_BYTES)))
    form = response.context["form"]
    assert "身份证号应为18位" in form.errors["id_number"][0]
    assert "文件内容不是允许的格式" in form.errors["id_front"][0]
    assert 'value="申诉人"' in response.content.decode()
    assert client.post(url, {"phone": ["1", "2"], "id_front": "x"}).status_code == 200
    assert not Appeal.objects.exists()


def test_the_platform_admin_handles_appeals_in_the_admin(client_for, users, db):
    Appeal.objects.create(
        real_name="甲", id_number=new_id_number(), phone="13700000000", email="a@example.cn", explanation="x"
    )
    Appeal.objects.create(
        real_name="乙", id_number=new_id_number(), phone="13700000001", email="b@example.cn", explanation="y"
    )
    admin = client_for("admin")
    listing = admin.get(reverse("admin:accounts_appeal_changelist") + "?status__exact=pending")
    assert listing.status_code == 200 and "甲" in listing.content.decode()
    changelist = reverse("admin:accounts_appeal_changelist")
    first, second = Appeal.objects.get(real_name="甲"), Appeal.objects.get(real_name="乙")
    admin.post(changelist, {"action": "mark_done", "_selected_action": [first.pk]})
    admin.post(changelist, {"action": "mark_rejected", "_selected_action": [second.pk]})
    assert Appeal.objects.get(real_name="甲").status == "done"
    assert Appeal.objects.get(real_name="乙").status == "rejected"
    assert Appeal.objects.get(real_name="甲").handled_by == users["admin"]

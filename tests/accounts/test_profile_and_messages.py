"""我的信息 (data, password, 身份证正面 and 一寸照片) and 我的消息."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import Message, User
from accounts.services import notify

from .factories import EXE_BYTES, JPG_BYTES, PDF_BYTES, PNG_BYTES

PROFILE = reverse("accounts:profile")


def test_profile_shows_personal_data(client_for, users):
    person = users["applicant"]
    html = client_for("applicant").get(PROFILE).content.decode()
    for text in (person.user_no, person.id_number, "身份证正面", "一寸照片", "出生日期", "性别"):
        assert text in html


def test_profile_edit_updates_edited_at_and_keeps_values_on_error(client_for, users):
    User.objects.filter(pk=users["applicant"].pk).update(edited_at=timezone.now() - dt.timedelta(days=500))
    c = client_for("applicant")
    bad = c.post(PROFILE, {"phone": "999", "office_phone": "0991-1", "email": "new@example.cn"})
    assert "11位手机号码" in bad.context["form"].errors["phone"][0]
    assert 'value="new@example.cn"' in bad.content.decode()
    ok = c.post(
        PROFILE,
        {
            "phone": "13511112222",
            "office_phone": "0991-1",
            "email": "new@example.cn",
            "current_password": "Demo@2026zc",
        },
    )
    assert ok.status_code == 302
    person = User.objects.get(pk=users["applicant"].pk)
    assert person.phone == "13511112222" and timezone.now() - person.edited_at < dt.timedelta(minutes=1)
    assert c.post(PROFILE, {"phone": ["a", "b"]}).status_code == 200


def test_password_change(client_for, users, cast):
    c = client_for("applicant")
    url = reverse("accounts:password-change")
    wrong = c.post(
        url, {"old_password": "nope", "new_password1": "Next#Pass2026", "new_password2": "Next#Pass2026"}
    )
    assert wrong.status_code == 200 and "old_password" in wrong.context["form"].errors
    ok = c.post(
        url,
        {
            "old_password": cast["password"],
            "new_password1": "Next#Pass2026",
            "new_password2": "Next#Pass2026",
        },
    )
    assert ok.status_code == 302
    assert User.objects.get(pk=users["applicant"].pk).check_password("Next#Pass2026")


def test_upload_id_front_and_photo_then_view_them(client_for, users):
    c = client_for("applicant")
    response = c.post(
        reverse("accounts:profile-files"),
        {
            "id_front": SimpleUploadedFile("front.jpg", JPG_BYTES),
            "photo": SimpleUploadedFile("me.png", PNG_BYTES),
        },
    )
    assert response.status_code == 302
    person = User.objects.get(pk=users["applicant"].pk)
    assert person.id_front.name.endswith(".jpg") and person.photo.name.endswith(".png")
    photo = c.get(reverse("accounts:user-file", args=[person.pk, "photo"]))
    assert photo.status_code == 200 and photo["Content-Type"] == "image/png"
    # strangers and other applicants get 404
    assert (
        client_for("applicant2").get(reverse("accounts:user-file", args=[person.pk, "photo"])).status_code
        == 404
    )
    assert c.get(reverse("accounts:user-file", args=[person.pk, "passport"])).status_code == 404


@pytest.mark.parametrize("content", [PDF_BYTES, EXE_BYTES])
def test_photos_must_be_images_by_content(client_for, users, content):
    c = client_for("applicant")
    response = c.post(reverse("accounts:profile-files"), {"photo": SimpleUploadedFile("me.jpg", content)})
    assert response.status_code == 200
    assert "只接受JPG、PNG" in response.context["files_form"].errors["photo"][0]
    assert not User.objects.get(pk=users["applicant"].pk).photo


def test_profile_files_refuses_get_and_garbage(client_for):
    c = client_for("applicant")
    assert c.get(reverse("accounts:profile-files")).status_code == 405
    assert c.post(reverse("accounts:profile-files"), {"photo": "text"}).status_code == 200


def test_messages_list_unread_count_and_mark_read(client_for, users):
    person = users["applicant"]
    first = notify(person, "您的申请书已被回退", "请修改", "/accounts/me/", email=False)
    notify(person, "第二条消息", email=False)
    notify(users["applicant2"], "别人的消息", email=False)
    c = client_for("applicant")
    html = c.get(reverse("accounts:messages")).content.decode()
    assert "（2条未读）" in html and "别人的消息" not in html
    assert "我的消息（2条未读）" in c.get(reverse("accounts:home")).content.decode()
    opened = c.post(reverse("accounts:message-read", args=[first.pk]), {"open": "1"})
    assert opened["Location"] == "/accounts/me/"
    assert Message.objects.get(pk=first.pk).read_at is not None
    c.post(reverse("accounts:messages-read-all"))
    assert not Message.objects.filter(user=person, read_at__isnull=True).exists()
    assert Message.objects.filter(user=users["applicant2"], read_at__isnull=True).exists()


def test_another_persons_message_is_404(client_for, users):
    other = notify(users["applicant2"], "别人的消息", email=False)
    assert client_for("applicant").post(reverse("accounts:message-read", args=[other.pk])).status_code == 404
    assert client_for("applicant").get(reverse("accounts:message-read", args=[other.pk])).status_code == 405

"""登录 and 个人注册, and the person fields 单位注册 shares (身份证号, 手机号码, 密码)."""

from captcha.fields import CaptchaField
from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from zhicheng.forms import CaptchaInput

from ..models import User
from ..validators import parse_id_number, validate_mobile


class LoginForm(AuthenticationForm):
    """身份证号码/单位统一社会信用代码/用户名 + 密码 + 验证码 (guide 000, 一)."""

    username = forms.CharField(
        label=_("身份证号码/单位统一社会信用代码/用户名"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    captcha = CaptchaField(
        label=_("验证码"), widget=CaptchaInput(), error_messages={"invalid": _("验证码不正确，请重新输入。")}
    )

    error_messages = {
        "invalid_login": _("账号或密码不正确。忘记密码请点击【找回用户名或密码】。"),
        "inactive": _("该账号已被禁用，请联系单位管理员。"),
    }
    field_order = ["username", "password", "captcha"]


# ---- shared pieces ----------------------------------------------------------------------------------
ID_NUMBER_HELP = _("18位身份证号，最后一位如为x请输入X（小写也可）。")


def _id_taken_message():
    return format_html(
        '{} <a href="{}">【{}】</a>',
        _("该身份证号已注册，一个身份证号只能注册一次。如忘记密码，请点击"),
        reverse_lazy("accounts:recover"),
        _("找回用户名或密码"),
    )


class PersonFieldsMixin:
    """姓名, 身份证号, 手机号, email, password (+ confirmation) — 个人注册 and 管理员信息."""

    def clean_id_number(self):
        return self._clean_id(self.cleaned_data.get("id_number"))

    def _clean_id(self, value):
        info = parse_id_number(value)
        if User.objects.filter(id_number=info.number).exists():
            raise ValidationError(_id_taken_message(), code="taken")
        return info.number

    def _check_passwords(self, p1_name, p2_name, user_fields):
        p1, p2 = self.cleaned_data.get(p1_name), self.cleaned_data.get(p2_name)
        if p1 and p2 and p1 != p2:
            self.add_error(p2_name, _("两次输入的密码不一致。"))
        elif p1:
            try:
                password_validation.validate_password(p1, User(**user_fields))
            except ValidationError as exc:
                self.add_error(p1_name, exc)


def _person_fields(prefix=""):
    return {
        f"{prefix}real_name": forms.CharField(label=_("姓名"), max_length=30),
        f"{prefix}id_number": forms.CharField(label=_("身份证号"), max_length=20, help_text=ID_NUMBER_HELP),
        f"{prefix}phone": forms.CharField(label=_("手机号"), max_length=11, validators=[validate_mobile]),
        f"{prefix}email": forms.EmailField(
            label=_("电子邮箱"),
            help_text=_("请使用常用邮箱，账号遗失时可通过邮箱找回。"),
            error_messages={"invalid": _("请输入有效的电子邮箱地址。")},
        ),
        f"{prefix}password1": forms.CharField(
            label=_("密码"),
            strip=False,
            widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
            help_text=_("至少8位，不能全是数字，不能过于简单或与姓名、身份证号相似。"),
        ),
        f"{prefix}password2": forms.CharField(
            label=_("确认密码"),
            strip=False,
            widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        ),
    }


# Declared once, used twice: 个人注册 and the 管理员信息 of 单位注册 (prefixed admin_).
PersonFields = type("PersonFields", (forms.Form,), {"__module__": __name__, **_person_fields()})


AdminPersonFields = type(
    "AdminPersonFields", (forms.Form,), {"__module__": __name__, **_person_fields("admin_")}
)


def captcha_field():
    return CaptchaField(
        label=_("验证码"), widget=CaptchaInput(), error_messages={"invalid": _("验证码不正确，请重新输入。")}
    )


class RegisterForm(PersonFieldsMixin, PersonFields):
    """个人注册 (平台统一注册)."""

    captcha = captcha_field()

    def clean(self):
        data = super().clean()
        self._check_passwords(
            "password1",
            "password2",
            {
                "username": data.get("id_number") or "",
                "real_name": data.get("real_name") or "",
                "email": data.get("email") or "",
            },
        )
        return data

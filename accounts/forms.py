from captcha.fields import CaptchaField
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """身份证号码/单位统一社会信用代码/用户名 + 密码 + 验证码 (guide 000, 一)."""

    username = forms.CharField(
        label=_("身份证号码/单位统一社会信用代码/用户名"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    captcha = CaptchaField(label=_("验证码"), error_messages={"invalid": _("验证码不正确，请重新输入。")})

    error_messages = {
        "invalid_login": _("账号或密码不正确。忘记密码请点击【找回用户名或密码】。"),
        "inactive": _("该账号已被禁用，请联系单位管理员。"),
    }
    field_order = ["username", "password", "captcha"]

"""找回用户名或密码 and 账号申诉."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zhicheng.files import UploadField

from ..validators import parse_id_number, validate_mobile
from .people import captcha_field


# ---- 找回 / 申诉 --------------------------------------------------------------------------------------
class RecoverForm(forms.Form):
    identifier = forms.CharField(
        label=_("身份证号或注册邮箱"),
        max_length=254,
        help_text=_("我们会把用户名和重置密码的链接发到注册时填写的邮箱。"),
    )
    captcha = captcha_field()


class AppealForm(forms.Form):
    real_name = forms.CharField(label=_("姓名"), max_length=30)
    id_number = forms.CharField(label=_("身份证号"), max_length=20)
    phone = forms.CharField(label=_("手机号"), max_length=11, validators=[validate_mobile])
    email = forms.EmailField(
        label=_("联系邮箱"),
        error_messages={"invalid": _("请输入有效的电子邮箱地址。")},
        help_text=_("处理结果将发送到这个邮箱。"),
    )
    explanation = forms.CharField(
        label=_("说明"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("例如：注册邮箱已无法使用、身份证号被他人注册等。"),
    )
    id_front = UploadField(
        use="id_front",
        label=_("身份证正面"),
        required=False,
        help_text=_("可选。JPG或PNG格式，单个文件不能大于4M。"),
    )
    captcha = captcha_field()

    def clean_id_number(self):
        return parse_id_number(self.cleaned_data.get("id_number")).number

"""我的信息 and 我的用户 (a unit admin's staff accounts)."""

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from zhicheng.files import UploadField

from ..models import User
from ..validators import looks_like_identifier, parse_id_number, validate_mobile


# ---- profile / my users ---------------------------------------------------------------------------------
class ProfileForm(forms.ModelForm):
    """我的信息: a change of 电子邮箱 or 手机号 needs the current password (the old address is told)."""

    current_password = forms.CharField(
        label=_("当前密码"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("修改电子邮箱或手机号时须输入当前密码。"),
    )

    class Meta:
        model = User
        fields = ["phone", "office_phone", "email"]
        labels = {"email": _("电子邮箱")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self._old = (self.instance.email, self.instance.phone)
        if self.instance.id_number:
            self.fields["phone"].required = True
            self.fields["phone"].validators.append(validate_mobile)

    def clean(self):
        data = super().clean()
        changed = (data.get("email", self._old[0]), data.get("phone", self._old[1])) != self._old
        if changed and not self.instance.check_password(data.get("current_password") or ""):
            self.add_error("current_password", _("修改电子邮箱或手机号须输入正确的当前密码。"))
        return data


class PersonalFileForm(forms.Form):
    id_front = UploadField(
        use="id_front",
        label=_("身份证正面"),
        required=False,
        help_text=_("JPG或PNG格式，单个文件不能大于4M。"),
    )
    photo = UploadField(
        use="photo",
        label=_("一寸照片"),
        required=False,
        help_text=_("一寸免冠照片，JPG或PNG格式，单个文件不能大于4M。"),
    )

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("id_front") and not data.get("photo"):
            raise ValidationError(_("请选择要上传的身份证正面或一寸照片。"))
        return data


def validate_username(value):
    """A chosen username may not pass for a 身份证号 or a 统一社会信用代码 (they log in too)."""
    if looks_like_identifier(value):
        raise ValidationError(_("用户名不能是身份证号或统一社会信用代码的样式，请换一个。"), code="id_like")


class StaffForm(forms.Form):
    """我的用户 → 添加用户; on 修改信息 only the role in this unit (identity data is the person's own)."""

    username = forms.RegexField(
        label=_("用户名"),
        max_length=30,
        regex=r"^[A-Za-z0-9_.@-]{3,30}$",
        validators=[validate_username],
        error_messages={"invalid": _("用户名为3-30位字母、数字或 _ . @ -。")},
    )
    real_name = forms.CharField(label=_("姓名"), max_length=30)
    id_number = forms.CharField(
        label=_("身份证号"),
        max_length=20,
        help_text=_("本人的18位身份证号。已在平台注册的人员，直接加入本单位，沿用本人的账号和密码。"),
    )
    phone = forms.CharField(label=_("手机号"), max_length=11, validators=[validate_mobile])
    office_phone = forms.CharField(
        label=_("联系方式"), max_length=30, required=False, help_text=_("办公电话等")
    )
    email = forms.EmailField(
        label=_("电子邮箱"), required=False, error_messages={"invalid": _("请输入有效的电子邮箱地址。")}
    )
    is_admin = forms.BooleanField(label=_("单位管理员"), required=False)
    password1 = forms.CharField(label=_("初始密码"), strip=False, widget=forms.PasswordInput)
    password2 = forms.CharField(label=_("确认密码"), strip=False, widget=forms.PasswordInput)

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.editing = editing
        if editing:
            for name in list(self.fields):
                if name != "is_admin":
                    del self.fields[name]

    def clean_username(self):
        username = self.cleaned_data.get("username")
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(_("该用户名已被使用。"))
        return username

    def clean_id_number(self):
        return parse_id_number(self.cleaned_data.get("id_number")).number

    def clean(self):
        data = super().clean()
        if not self.editing:
            existing = User.objects.filter(id_number=data.get("id_number") or "-").first()
            p1, p2 = data.get("password1"), data.get("password2")
            if existing is not None:
                # a registered person joins with his own account: the typed password is not used
                for name in ("username", "password1", "password2"):
                    self.errors.pop(name, None)
            elif p1 and p2 and p1 != p2:
                self.add_error("password2", _("两次输入的密码不一致。"))
            elif p1:
                try:
                    password_validation.validate_password(
                        p1, User(username=data.get("username") or "", real_name=data.get("real_name") or "")
                    )
                except ValidationError as exc:
                    self.add_error("password1", exc)
        return data

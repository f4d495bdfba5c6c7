from captcha.fields import CaptchaField
from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from zhicheng.files import UploadField
from zhicheng.forms import CaptchaInput

from .constants import OrgKind, RegionLevel, UnitNature
from .models import Organisation, Region, User
from .validators import (
    looks_like_identifier,
    normalise_credit_code,
    parse_id_number,
    validate_credit_code,
    validate_mobile,
)


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


def _captcha():
    return CaptchaField(
        label=_("验证码"), widget=CaptchaInput(), error_messages={"invalid": _("验证码不正确，请重新输入。")}
    )


class RegisterForm(PersonFieldsMixin, PersonFields):
    """个人注册 (平台统一注册)."""

    captcha = _captcha()

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


# ---- 单位注册 -----------------------------------------------------------------------------------------
class RegionSelect(forms.Select):
    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        region = getattr(value, "instance", None)
        if region is not None:
            option["attrs"]["data-code"] = region.code
            option["attrs"]["data-prefecture"] = (
                region.parent.code if region.level == RegionLevel.COUNTY and region.parent else region.code
            )
        return option


class RegionChoiceField(forms.ModelChoiceField):
    widget = RegionSelect

    def label_from_instance(self, obj):
        return f"　{obj.name}" if obj.level == RegionLevel.COUNTY else obj.name


class SupervisorSelect(forms.Select):
    """Options carry data-region / data-prefecture so the page can filter them by 所在地区."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            region = instance.region
            option["attrs"]["data-region"] = region.code
            option["attrs"]["data-level"] = region.level
            option["attrs"]["data-prefecture"] = (
                region.parent.code if region.level == RegionLevel.COUNTY and region.parent else region.code
            )
        return option


class SupervisorChoiceField(forms.ModelChoiceField):
    widget = SupervisorSelect

    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.region.name}）"


def supervisor_queryset():
    """Only approved, active supervising units can receive registrations."""
    return Organisation.objects.approved().filter(kind=OrgKind.SUPERVISING).select_related("region__parent")


class UnitFieldsForm(forms.Form):
    """单位信息 (guide 004): shared by 单位注册 and the returned unit's corrections."""

    name = forms.CharField(label=_("单位名称"), max_length=100)
    credit_code = forms.CharField(
        label=_("统一社会信用代码"),
        max_length=20,
        help_text=_("18位，见机构代码证或营业执照；登录时也可用它作账号。"),
    )
    manual_check = forms.BooleanField(
        label=_("申请人工核实（早期赋码）"),
        required=False,
        help_text=_(
            "早期赋码的代码可能通不过校验位检查。勾选后仍可注册，但须平台管理员核实后，材料接收部门才能审核通过。"
        ),
    )
    unit_nature = forms.ChoiceField(
        label=_("单位性质"), choices=[("", "---------")] + list(UnitNature.choices)
    )
    region = RegionChoiceField(
        label=_("所在地区"), queryset=Region.objects.none(), help_text=_("选择单位所在的地州或县（市、区）。")
    )
    parent = SupervisorChoiceField(
        label=_("材料接收部门（也叫推荐单位）"),
        queryset=Organisation.objects.none(),
        help_text=_("一般选择本单位所在县（市）人社局职称办；只列出已审核通过的主管单位。"),
    )
    address = forms.CharField(label=_("单位地址"), max_length=200)
    contact_name = forms.CharField(label=_("联系人"), max_length=30)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=30)
    licence = UploadField(
        use="licence", label=_("机构代码证或营业执照"), help_text=_("PDF、JPG或PNG格式，单个文件不能大于4M。")
    )

    unit_pk = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.select_related("parent").order_by("sort", "code")
        self.fields["parent"].queryset = supervisor_queryset()

    def clean_credit_code(self):
        return normalise_credit_code(self.cleaned_data.get("credit_code"))

    def clean(self):
        data = super().clean()
        code = data.get("credit_code")
        if code:
            try:
                validate_credit_code(code)
            except ValidationError as exc:
                if exc.code == "checksum":
                    if not data.get("manual_check"):
                        self.add_error(
                            "credit_code",
                            _(
                                "统一社会信用代码校验位不正确，请核对。如确为早期赋码，请勾选下方【申请人工核实（早期赋码）】后提交。"
                            ),
                        )
                else:
                    self.add_error("credit_code", exc)
            if "credit_code" not in self.errors:
                qs = Organisation.objects.filter(credit_code=code)
                if self.unit_pk:
                    qs = qs.exclude(pk=self.unit_pk)
                if qs.exists():
                    self.add_error(
                        "credit_code",
                        _("该统一社会信用代码已注册，不能重复注册单位。如需管理该单位，请联系其单位管理员。"),
                    )
        return data


class UnitRegisterForm(PersonFieldsMixin, UnitFieldsForm, AdminPersonFields):
    """单位注册: 管理员信息 + 单位信息 in one form. A logged-in person becomes the admin himself."""

    captcha = _captcha()

    ADMIN_FIELDS = [
        "admin_real_name",
        "admin_id_number",
        "admin_phone",
        "admin_email",
        "admin_password1",
        "admin_password2",
    ]

    def __init__(self, *args, admin_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.admin_user = admin_user
        if admin_user is not None:
            for name in self.ADMIN_FIELDS:
                del self.fields[name]

    def clean_admin_id_number(self):
        return self._clean_id(self.cleaned_data.get("admin_id_number"))

    def clean(self):
        data = super().clean()
        if self.admin_user is None:
            self._check_passwords(
                "admin_password1",
                "admin_password2",
                {
                    "username": data.get("admin_id_number") or "",
                    "real_name": data.get("admin_real_name") or "",
                    "email": data.get("admin_email") or "",
                },
            )
        return data

    def admin_data(self):
        if self.admin_user is not None:
            return None
        d = self.cleaned_data
        return {
            "real_name": d["admin_real_name"],
            "id_number": d["admin_id_number"],
            "phone": d["admin_phone"],
            "email": d["admin_email"],
            "password": d["admin_password1"],
        }

    def unit_data(self):
        return {
            k: self.cleaned_data[k]
            for k in (
                "name",
                "credit_code",
                "unit_nature",
                "region",
                "parent",
                "address",
                "contact_name",
                "contact_phone",
            )
        }


class UnitNoticeForm(forms.Form):
    agree = forms.BooleanField(
        label=_("我已阅读并同意以上注册须知"),
        error_messages={"required": _("请先阅读注册须知并勾选【我已阅读】。")},
    )


class UnitCorrectForm(UnitFieldsForm):
    """A returned registration: correct and resubmit (the licence may be kept)."""

    def __init__(self, *args, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit_pk = unit.pk if unit else None
        self.fields["licence"].required = False
        self.fields["licence"].help_text = _("不更换请留空。PDF、JPG或PNG格式，单个文件不能大于4M。")


class UnitChangeForm(forms.Form):
    """单位信息修改 after approval: 单位名称, 联系人, 联系电话, licence."""

    name = forms.CharField(label=_("单位名称"), max_length=100)
    contact_name = forms.CharField(label=_("联系人"), max_length=30)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=30)
    licence = UploadField(
        use="licence",
        label=_("现单位最新机构代码证或营业执照"),
        required=False,
        help_text=_("单位名称变更时请上传。PDF、JPG或PNG格式，单个文件不能大于4M。"),
    )

    def __init__(self, *args, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit

    def clean(self):
        data = super().clean()
        if (
            self.unit is not None
            and data.get("name")
            and data["name"].strip() != self.unit.name
            and not data.get("licence")
        ):
            self.add_error("licence", _("单位名称变更时请上传现单位最新机构代码证或营业执照。"))
        return data


# ---- 找回 / 申诉 --------------------------------------------------------------------------------------
class RecoverForm(forms.Form):
    identifier = forms.CharField(
        label=_("身份证号或注册邮箱"),
        max_length=254,
        help_text=_("我们会把用户名和重置密码的链接发到注册时填写的邮箱。"),
    )
    captcha = _captcha()


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
    captcha = _captcha()

    def clean_id_number(self):
        return parse_id_number(self.cleaned_data.get("id_number")).number


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

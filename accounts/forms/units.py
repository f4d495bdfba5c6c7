"""单位注册, its correction after a return, and 单位信息修改."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from zhicheng.files import UploadField

from ..constants import OrgKind, RegionLevel, UnitNature
from ..models import Organisation, Region
from ..validators import normalise_credit_code, validate_credit_code
from .people import AdminPersonFields, PersonFieldsMixin, captcha_field


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

    captcha = captcha_field()

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

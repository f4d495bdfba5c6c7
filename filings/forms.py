"""Forms of the 事前备案 wizard: they validate and clean; the rules live in services.py."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.validators import validate_mobile, validate_phone
from zhicheng import files
from zhicheng.forms import DateInput

from .constants import ApplicationType, FilingLevel
from .models import Filing, FilingAttachment
from .services import check_plan_order

REQUIRED = {"required": _("此项为必填项。")}


def _year_choices():
    year = timezone.localdate().year
    return [("", _("请选择"))] + [(y, str(y)) for y in range(year + 1, year - 3, -1)]


class BasicInfoForm(forms.Form):
    """Step 1: 填写基本信息 (以下信息全部必填). 工作年度 and 备案级别 are frozen after the first save."""

    title = forms.CharField(
        label=_("标题"),
        max_length=200,
        error_messages=REQUIRED,
        widget=forms.TextInput(attrs={"placeholder": _("关于xx专业等x个专业的会议备案")}),
    )
    type = forms.ChoiceField(label=_("类型"), choices=ApplicationType.choices, error_messages=REQUIRED)
    work_year = forms.TypedChoiceField(
        label=_("工作年度"), coerce=int, choices=(), error_messages=REQUIRED, help_text=_("保存后无法修改")
    )
    level = forms.ChoiceField(
        label=_("备案级别"),
        choices=FilingLevel.choices,
        widget=forms.RadioSelect,
        error_messages=REQUIRED,
        help_text=_("保存后无法修改，高级包括副高、正高"),
    )
    location = forms.CharField(
        label=_("所在地点"), max_length=200, error_messages=REQUIRED, help_text=_("办公所在地点")
    )
    leader_name = forms.CharField(label=_("负责人姓名"), max_length=30, error_messages=REQUIRED)
    leader_phone = forms.CharField(
        label=_("负责人联系电话"),
        max_length=30,
        error_messages=REQUIRED,
        validators=[validate_phone],
        widget=forms.TextInput(attrs={"type": "tel"}),
    )
    contact_user = forms.ModelChoiceField(
        label=_("选择联系人员"), queryset=None, required=False, empty_label=_("请选择")
    )
    contact_name = forms.CharField(label=_("联系人员姓名"), max_length=30, error_messages=REQUIRED)
    contact_phone = forms.CharField(
        label=_("联系人员联系电话"),
        max_length=30,
        error_messages=REQUIRED,
        validators=[validate_phone],
        widget=forms.TextInput(attrs={"type": "tel"}),
    )
    contact_mobile = forms.CharField(
        label=_("联系人员手机"),
        max_length=20,
        error_messages=REQUIRED,
        validators=[validate_mobile],
        widget=forms.TextInput(attrs={"type": "tel"}),
    )

    def __init__(self, *args, committee, filing=None, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        self.fields["work_year"].choices = _year_choices()
        users = (
            get_user_model()
            .objects.filter(memberships__organisation=committee, memberships__is_active=True)
            .order_by("username")
        )
        self.fields["contact_user"].queryset = users
        self.fields["contact_user"].label_from_instance = lambda u: f"{u.display_name}({u.username})"
        # The contact fields are filled from the chosen user (static/filings/filings.js reads these).
        self.contact_data = {
            str(u.pk): {"name": u.display_name, "phone": u.office_phone or "", "mobile": u.phone or ""}
            for u in users
        }
        if self.is_bound:
            # Without JavaScript, a chosen 联系人员 still fills the contact fields left empty.
            chosen = self.contact_data.get(self.data.get("contact_user") or "")
            if chosen:
                data = self.data.copy()
                for key, attr in (
                    ("contact_name", "name"),
                    ("contact_phone", "phone"),
                    ("contact_mobile", "mobile"),
                ):
                    if not data.get(key) and chosen[attr]:
                        data[key] = chosen[attr]
                self.data = data
        if filing is not None:
            for name in ("work_year", "level"):
                self.fields[name].disabled = True
                self.fields[name].required = False
            if filing.work_year not in dict(self.fields["work_year"].choices):
                self.fields["work_year"].choices += [(filing.work_year, str(filing.work_year))]

    def clean(self):
        data = super().clean()
        for name in ("leader_phone", "contact_phone", "contact_mobile"):
            if data.get(name):
                data[name] = data[name].replace(" ", "")
        return data


class PlanTimesForm(forms.Form):
    """Step 3: 设置时间 for a row, or 批量设置所有资格计划时间 (item empty)."""

    item = forms.IntegerField(required=False, widget=forms.HiddenInput)
    apply_start = forms.DateField(label=_("申报开始时间"), error_messages=REQUIRED, widget=DateInput())
    apply_end = forms.DateField(label=_("申报截止时间"), error_messages=REQUIRED, widget=DateInput())
    meeting_date = forms.DateField(label=_("上会时间"), error_messages=REQUIRED, widget=DateInput())
    approval_date = forms.DateField(label=_("批文时间"), error_messages=REQUIRED, widget=DateInput())

    def clean(self):
        data = super().clean()
        problems = check_plan_order(
            data.get("apply_start"),
            data.get("apply_end"),
            data.get("meeting_date"),
            data.get("approval_date"),
        )
        for name, message in problems.items():
            self.add_error(name, message)
        return data


class NoticeForm(forms.Form):
    notice_title = forms.CharField(label=_("通知标题"), max_length=200, error_messages=REQUIRED)
    notice_html = forms.CharField(label=_("通知内容"), required=False, widget=forms.HiddenInput)

    def clean_notice_html(self):
        from .services import notice_has_text

        value = self.cleaned_data.get("notice_html", "")
        if not notice_has_text(value):
            raise ValidationError(_("请填写通知内容。"), code="required")
        return value


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("附件类型"), choices=FilingAttachment.Kind.choices, error_messages=REQUIRED
    )
    file = forms.FileField(
        label=_("选择文件"),
        error_messages={"required": files.REQUIRED, "empty": files.EMPTY},
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
        help_text=_("只能上传pdf格式的文件，8M之内"),
    )


class ListFilterForm(forms.Form):
    q = forms.CharField(label=_("标题"), required=False)
    year = forms.TypedChoiceField(label=_("年度"), coerce=int, required=False, empty_value=None, choices=())
    state = forms.ChoiceField(label=_("状态"), required=False, choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        year = timezone.localdate().year
        self.fields["year"].choices = [("", _("请选择"))] + [
            (y, str(y)) for y in range(year + 1, year - 6, -1)
        ]
        self.fields["state"].choices = [("", _("请选择"))] + list(Filing.State.choices)


class TimeChangeForm(PlanTimesForm):
    """设置时间 after acceptance: new times for one qualification and why (to the title office)."""

    reason = forms.CharField(
        label=_("变更原因"),
        max_length=500,
        error_messages={"required": _("请填写变更原因。")},
        widget=forms.Textarea(attrs={"rows": 3}),
    )

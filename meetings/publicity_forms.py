"""Forms of the 公示 screens: they validate and clean; the rules are in meetings/publicity.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms.people import captcha_field
from accounts.validators import validate_mobile
from zhicheng.files import UploadField

from .constants import MAX_PUBLICITY_DAYS, MIN_PUBLICITY_DAYS, OBJECTION_MAX_CHARS, ObjectionStatus
from .forms import DateInput


class PublishForm(forms.Form):
    title = forms.CharField(label=_("公示标题"), max_length=200)
    start_date = forms.DateField(
        label=_("公示开始日期"),
        widget=DateInput(),
        input_formats=["%Y-%m-%d"],
        help_text=_("含起始日，按工作日计算；结束日期由平台工作日历计算"),
    )
    contact = forms.CharField(
        label=_("异议受理联系方式"), max_length=200, help_text=_("如 评审委员会办公室 0991-1234567")
    )


class SettingForm(forms.Form):
    period_days = forms.IntegerField(
        label=_("公示期（工作日）"),
        min_value=MIN_PUBLICITY_DAYS,
        max_value=MAX_PUBLICITY_DAYS,
        error_messages={
            "min_value": _("公示期不能少于5个工作日。"),
            "max_value": _("公示期不能超过%(n)d个工作日。") % {"n": MAX_PUBLICITY_DAYS},
        },
        help_text=_("含起始日，按工作日计算；不少于5个工作日"),
    )
    contact = forms.CharField(label=_("默认异议受理联系方式"), max_length=200, required=False)


class ObjectionForm(forms.Form):
    entry = forms.TypedChoiceField(label=_("异议对象"), coerce=int, empty_value=None)
    name = forms.CharField(label=_("异议人真实姓名"), max_length=30)
    phone = forms.CharField(label=_("手机号码"), max_length=11, validators=[validate_mobile])
    text = forms.CharField(
        label=_("异议内容"),
        max_length=OBJECTION_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": OBJECTION_MAX_CHARS}),
        help_text=_("请写明具体事实，不超过1000字"),
    )
    attachment = UploadField(
        label=_("证明材料（可选）"),
        use="objection_attachment",
        required=False,
        help_text=_("jpg、png 或 pdf，不超过4M"),
    )
    captcha = captcha_field()

    def __init__(self, *args, entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].choices = [("", _("请选择"))] + [
            (e.pk, f"{e.order}. {e.name} · {e.employer} · {e.specialty}") for e in entries
        ]


class HandleForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("处理结果"),
        choices=[c for c in ObjectionStatus.choices if c[0] != ObjectionStatus.PENDING],
        widget=forms.RadioSelect,
    )
    reasons = forms.CharField(label=_("处理理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))

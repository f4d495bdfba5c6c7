from captcha.fields import CaptchaField
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CertificateQuery


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ApprovalDraftForm(forms.Form):
    filing = forms.ModelChoiceField(label=_("备案"), queryset=None, empty_label=None)
    granted_on = forms.DateField(label=_("授予时间"), widget=DateInput(), input_formats=["%Y-%m-%d"])
    body = forms.CharField(
        label=_("正文"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("留空使用默认正文"),
    )
    applications = forms.MultipleChoiceField(
        label=_("批准人员"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请至少选择一位人员。")},
    )

    def __init__(self, *args, filings, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["filing"].queryset = filings
        self.fields["applications"].choices = [
            (
                str(a.pk),
                f"{a.applicant.real_name} · {a.base_unit.name if a.base_unit else ''} · "
                f"{a.qualification.specialty.series.name}/{a.qualification.specialty.name}/{a.qualification.name}",
            )
            for a in candidates
        ]


class RevocationForm(forms.Form):
    reason = forms.CharField(label=_("撤销原因"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class QueryForm(forms.Form):
    method = forms.ChoiceField(
        label=_("查询方式"),
        choices=[c for c in CertificateQuery.Method.choices if c[0] != CertificateQuery.Method.QR],
        initial=CertificateQuery.Method.NUMBER,
        widget=forms.RadioSelect,
    )
    key = forms.CharField(label=_("证书编号或身份证号"), max_length=20)
    name = forms.CharField(label=_("姓名"), max_length=30)

    def __init__(self, *args, with_captcha=False, **kwargs):
        super().__init__(*args, **kwargs)
        if with_captcha:
            self.fields["captcha"] = CaptchaField(
                label=_("验证码"), error_messages={"invalid": _("验证码不正确，请重新输入。")}
            )


class ApprovalEditForm(forms.Form):
    """编辑批文 (a draft or a returned 批文): the rules are in certificates/drafts.py."""

    title = forms.CharField(
        label=_("标题"), max_length=300, error_messages={"required": _("请填写批文标题。")}
    )
    granted_on = forms.DateField(
        label=_("授予时间"),
        widget=DateInput(),
        input_formats=["%Y-%m-%d"],
        error_messages={"required": _("请填写授予时间。"), "invalid": _("请输入正确的日期。")},
        help_text=_("须在批文号的年份内"),
    )
    body = forms.CharField(
        label=_("正文"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("请填写批文正文。")},
    )

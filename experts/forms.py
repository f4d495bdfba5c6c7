from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.constants import OrgKind
from accounts.models import Organisation, Region
from filings.constants import Level
from filings.models import Series, Specialty

from .constants import ExpertStatus


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ExpertForm(forms.Form):
    real_name = forms.CharField(label=_("姓名"), max_length=30)
    id_number = forms.CharField(label=_("身份证号"), max_length=18)
    phone = forms.CharField(label=_("手机号"), max_length=20)
    series = forms.ModelChoiceField(label=_("系列"), queryset=Series.objects.all())
    specialties = forms.ModelMultipleChoiceField(
        label=_("专业"),
        queryset=Specialty.objects.select_related("series"),
        help_text=_("可多选；须属于所选系列"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    title_level = forms.ChoiceField(label=_("职称级别"), choices=Level.choices, initial=Level.ZHENGGAO)
    employer = forms.ModelChoiceField(
        label=_("工作单位"),
        required=False,
        queryset=Organisation.objects.filter(kind=OrgKind.BASE_UNIT).order_by("name"),
    )
    region = forms.ModelChoiceField(label=_("所在地区"), queryset=Region.objects.all())
    term_start = forms.DateField(label=_("聘期开始"), widget=DateInput())
    term_end = forms.DateField(label=_("聘期结束"), widget=DateInput(), help_text=_("聘期最长3年"))


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), choices=ExpertStatus.choices)


class RelativeForm(forms.Form):
    name = forms.CharField(label=_("近亲属姓名"), max_length=30)
    id_number = forms.CharField(label=_("近亲属身份证号"), max_length=18)
    relation = forms.CharField(label=_("关系"), max_length=20, required=False)


class EmploymentForm(forms.Form):
    name = forms.CharField(label=_("曾工作单位"), max_length=100)
    credit_code = forms.CharField(label=_("统一社会信用代码"), max_length=18)
    start = forms.DateField(label=_("开始时间"), widget=DateInput())
    end = forms.DateField(label=_("结束时间"), widget=DateInput(), required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("专家Excel文件(.xlsx)"))

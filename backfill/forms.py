from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.validators import validate_mobile
from applications.models import approved_base_units
from applications.sections import _choices
from filings.constants import Level
from filings.models import Qualification, Series, Specialty
from zhicheng.files import UploadField
from zhicheng.forms import FilterForm

from .constants import GRANTED_FROM, GRANTED_TO, AttachmentKind, IssuerArea, IssuerKind
from .models import Backfill, Issuer

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BasicCheckForm(forms.Form):
    """A. 基本信息核对: only the 手机号码 can be corrected; the rest is the real-name account's."""

    phone = forms.CharField(label=_("手机号码"), max_length=20, validators=[validate_mobile])


class TitleForm(forms.ModelForm):
    """B. 专业技术资格 and C. 批文公示（通知）网址 (guide 003)."""

    series = forms.ModelChoiceField(label=_("系列"), queryset=Series.objects.all())
    specialty = forms.ModelChoiceField(
        label=_("专业类别"), queryset=Specialty.objects.filter(parent__isnull=True).select_related("series")
    )
    level = forms.ChoiceField(label=_("等级"), choices=[("", "---------")] + list(Level.choices))
    granted_on = forms.DateField(
        label=_("授予时间"),
        widget=forms.DateInput(
            attrs={"type": "date", "min": GRANTED_FROM.isoformat(), "max": GRANTED_TO.isoformat()},
            format="%Y-%m-%d",
        ),
        help_text=_("2000-01-01 至 2021-12-31"),
    )
    approval_year = forms.IntegerField(label=_("年份"), min_value=1990, max_value=2030)

    class Meta:
        model = Backfill
        fields = [
            "method",
            "area",
            "committee",
            "issuing_unit",
            "series",
            "specialty",
            "level",
            "sub_specialty",
            "granted_on",
            "certificate_no",
            "approval_prefix",
            "approval_year",
            "approval_seq",
            "approval_name",
            "notice_url",
        ]
        widgets = {"approval_name": forms.TextInput(attrs={"size": 60})}
        help_texts = {
            "approval_prefix": _("例：新经信人事"),
            "approval_seq": _("例：3号"),
            "notice_url": _("评审机构网站上的公示（通知）网址，以 http:// 或 https:// 开头"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = Issuer.objects.filter(kind=IssuerKind.COMMITTEE, is_active=True)
        self.fields["issuing_unit"].queryset = Issuer.objects.filter(kind=IssuerKind.UNIT, is_active=True)
        self.fields["issuing_unit"].required = True
        self.fields["committee"].label_from_instance = lambda o: f"[{o.get_area_display()}] {o.name}"
        self.fields["sub_specialty"].queryset = Specialty.objects.filter(parent__isnull=False).select_related(
            "parent"
        )
        self.fields["sub_specialty"].label_from_instance = lambda o: f"{o.parent.name} / {o.name}"
        self.fields["specialty"].label_from_instance = lambda o: f"{o.series.name} / {o.name}"
        self.fields["area"].choices = [("", "---------")] + list(IssuerArea.choices)
        q = self.instance.qualification if self.instance.pk else None
        if q is not None:
            self.initial.update(series=q.specialty.series_id, specialty=q.specialty_id, level=q.level)

    def clean(self):
        data = super().clean()
        committee, area = data.get("committee"), data.get("area")
        if committee and area and committee.area != area:
            self.add_error("committee", _("该评审委员会不属于所选的职称评审区域。"))
        series, specialty, level = data.get("series"), data.get("specialty"), data.get("level")
        if series and specialty and specialty.series_id != series.pk:
            self.add_error("specialty", _("该专业不属于所选系列。"))
        elif specialty and level:
            q = Qualification.objects.filter(specialty=specialty, level=level, is_active=True).first()
            if q is None:
                self.add_error("level", _("该专业没有这一等级的专业技术资格。"))
            else:
                data["qualification"] = q
                self.instance.qualification = q
        sub = data.get("sub_specialty")
        if sub and specialty and sub.parent_id != specialty.pk:
            self.add_error("sub_specialty", _("二级专业不属于所选专业。"))
        return data


class BasicForm(forms.ModelForm):
    """基本信息 (the first of the 16 sections): the 基层工作单位 decides the chain."""

    base_unit = forms.ModelChoiceField(
        label=_("基层工作单位"),
        queryset=approved_base_units().select_related("region"),
        help_text=_("找不到基层单位：单位未注册或已注册但未被主管单位审核。"),
        error_messages={"invalid_choice": _("请从列表中选择已审核通过的基层单位。")},
    )
    ethnicity = forms.ChoiceField(label=_("民族"))
    political_status = forms.ChoiceField(label=_("政治面貌"), required=False)
    work_start_date = forms.DateField(label=_("参加工作时间"), required=False, widget=DATE)

    class Meta:
        model = Backfill
        fields = [
            "base_unit",
            "work_unit_dept",
            "admin_post",
            "work_start_date",
            "ethnicity",
            "political_status",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ethnicity"].choices = _choices("ethnic_groups")
        self.fields["political_status"].choices = _choices("political_status", label="short")
        self.fields["work_unit_dept"].required = True
        self.fields["base_unit"].label_from_instance = lambda o: f"{o.name}（{o.region.name}）"


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("附件类型"), choices=AttachmentKind.choices)
    file = UploadField(
        use="backfill_attachment",
        label=_("文件"),
        help_text=_("jpg、jpeg、bmp、png、pdf，单个文件不能大于4M。"),
    )


class ListFilterForm(FilterForm):
    state = forms.ChoiceField(label=_("状态"), required=False)
    series = forms.ModelChoiceField(label=_("系列"), queryset=Series.objects.all(), required=False)
    level = forms.ChoiceField(
        label=_("等级"), required=False, choices=[("", _("全部"))] + list(Level.choices)
    )
    q = forms.CharField(label=_("姓名/身份证号"), required=False, max_length=50)

    def __init__(self, *args, **kwargs):
        from zhicheng.workflow import ChainState

        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", _("全部"))] + [
            (ChainState.IN_REVIEW, _("审核中")),
            (ChainState.RETURNED, _("已退回")),
            (ChainState.ACCEPTED, _("补录完成")),
        ]

    LOOKUPS = {
        "state": "state",
        "series": "qualification__specialty__series",
        "level": "qualification__level",
    }

    def search(self, qs, q):
        return qs.filter(Q(person__real_name__icontains=q) | Q(person__id_number__icontains=q))

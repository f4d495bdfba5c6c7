from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.constants import UnitNature
from accounts.validators import validate_mobile
from filings.constants import ApplicationType
from zhicheng.files import UploadField
from zhicheng.forms import DateInput, FilterForm

from .models import Application, Recommendation, approved_base_units
from .sections import _choices

PLEDGE_TEXT = _(
    "本人承诺以上填报的内容和提交的材料完全真实有效，且网上填报与送审报表内容完全一致。如申请人提交弄虚作假确认材料的，"
    "一经查实，不予受理确认申报或取消已确认的资格，并从申报年度下一年度起5年内，不得申报专业技术资格。"
)


class WindowFilterForm(forms.Form):
    """新增申请书, step 2: narrow the open windows by 申报类型 and 系列."""

    application_type = forms.ChoiceField(label=_("申报类型"), required=False)
    series = forms.ChoiceField(label=_("专业系列"), required=False)

    def __init__(self, *args, windows=(), **kwargs):
        super().__init__(*args, **kwargs)
        types = {w.application_type for w in windows}
        self.fields["application_type"].choices = [("", _("全部"))] + [
            (c, label) for c, label in ApplicationType.choices if c in types
        ]
        series = {}
        for w in windows:
            s = w.qualification.specialty.series
            series[str(s.pk)] = str(s)
        self.fields["series"].choices = [("", _("全部"))] + sorted(series.items(), key=lambda kv: int(kv[0]))


class ApplicationBasicForm(forms.ModelForm):
    """基本信息: the 基层单位 comes from the picker of approved units only (guide 002, 2.4)."""

    base_unit = forms.ModelChoiceField(
        label=_("基层单位"),
        queryset=approved_base_units().select_related("region"),
        required=True,
        help_text=_("找不到基层单位：单位未注册或已注册但未被主管单位审核。"),
        error_messages={
            "invalid_choice": _("请从列表中选择已审核通过的基层单位。"),
            "required": _("请选择基层单位。"),
        },
    )
    ethnicity = forms.ChoiceField(label=_("民族"))
    political_status = forms.ChoiceField(label=_("政治面貌"))
    unit_nature = forms.ChoiceField(
        label=_("单位性质"), choices=[("", "---------")] + list(UnitNature.choices)
    )
    work_start_date = forms.DateField(label=_("参加工作时间"), widget=DateInput())
    phone = forms.CharField(label=_("联系电话(手机)"), validators=[validate_mobile], max_length=20)

    class Meta:
        model = Application
        fields = [
            "base_unit",
            "unit_nature",
            "work_unit_dept",
            "admin_post",
            "current_title",
            "work_start_date",
            "is_transfer",
            "ethnicity",
            "political_status",
            "phone",
        ]

    def __init__(self, *args, unit_query="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ethnicity"].choices = _choices("ethnic_groups")
        self.fields["political_status"].choices = _choices("political_status", label="short")
        self.fields["work_unit_dept"].required = True
        # the picker: a search box narrows the select (without JS the page is reloaded with ?unit_q=)
        if unit_query:
            qs = self.fields["base_unit"].queryset.filter(name__icontains=unit_query)
            current = self.initial.get("base_unit") or (self.instance.base_unit_id if self.instance else None)
            if current:
                qs = qs | approved_base_units().filter(pk=current)
            self.fields["base_unit"].queryset = qs.select_related("region")
        self.fields["base_unit"].label_from_instance = lambda o: f"{o.name}（{o.region.name}）"

    @staticmethod
    def required_names():
        return [
            "base_unit",
            "unit_nature",
            "work_unit_dept",
            "work_start_date",
            "ethnicity",
            "political_status",
            "phone",
        ]


class AttachmentForm(forms.Form):
    file = UploadField(
        use="attachment", label=_("附件"), help_text=_("jpg、png 或 pdf 扫描件，单个文件不大于4M。")
    )

    @property
    def detected_kind(self):
        return self.cleaned_data["file"].detected_kind


class PublicityPhotoForm(forms.Form):
    """推荐单位公示: the photo of the posted notice (rendered with prefix "photo")."""

    file = UploadField(
        use="photo", label=_("公示照片"), help_text=_("张贴公示的现场照片，jpg或png，不大于4M。")
    )


class PublicityResultForm(forms.Form):
    """推荐单位公示结果, signed and sealed (rendered with prefix "result")."""

    file = UploadField(
        use="attachment",
        label=_("公示结果"),
        help_text=_("签字盖章的公示结果扫描件或照片，pdf、jpg或png，不大于4M。"),
    )


class SubmitForm(forms.Form):
    pledge = forms.BooleanField(
        label=_("本人承诺以上填报的内容和提交的材料完全真实有效"),
        error_messages={"required": _("请勾选本人承诺后再上报。")},
    )


class RecommendationForm(forms.ModelForm):
    text = forms.CharField(
        label=_("推荐意见"),
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": 1000}),
        help_text=_("(20到1000字之间)"),
        strip=True,
    )
    mobile = forms.CharField(label=_("负责人手机"), validators=[validate_mobile])

    class Meta:
        model = Recommendation
        fields = ["leader", "phone", "mobile", "email", "text"]

    def clean_text(self):
        text = self.cleaned_data["text"]
        n = len(text)  # characters, not bytes: 20 汉字 are 20 characters
        if n < Recommendation.MIN_LENGTH or n > Recommendation.MAX_LENGTH:
            raise forms.ValidationError(
                _("推荐意见应在20到1000字之间（当前%(n)s字）。") % {"n": n}, code="length"
            )
        return text


class QueueFilterForm(FilterForm):
    year = forms.IntegerField(label=_("年度"), required=False)
    series = forms.ModelChoiceField(label=_("系列"), queryset=None, required=False)
    level = forms.ChoiceField(label=_("级别"), required=False)
    state = forms.ChoiceField(label=_("状态"), required=False)
    node = forms.CharField(label=_("当前节点"), required=False, max_length=50)
    q = forms.CharField(label=_("姓名/编号"), required=False, max_length=50)

    def __init__(self, *args, **kwargs):
        from filings.constants import Level
        from filings.models import Series
        from zhicheng.workflow import ChainState

        super().__init__(*args, **kwargs)
        self.fields["series"].queryset = Series.objects.all()
        self.fields["level"].choices = [("", _("全部"))] + list(Level.choices)
        self.fields["state"].choices = [("", _("全部"))] + [
            (ChainState.DRAFT, _("申请人")),
            (ChainState.IN_REVIEW, _("审核中")),
            (ChainState.RETURNED, _("已退回")),
            (ChainState.ACCEPTED, _("通过形式审核")),
            (ChainState.CLOSED, _("本年度不再受理")),
        ]

    LOOKUPS = {
        "year": "year",
        "series": "qualification__specialty__series",
        "level": "qualification__level",
        "state": "state",
        "node": "current_label",
    }

    def search(self, qs, q):
        return qs.filter(Q(applicant__real_name__icontains=q) | Q(number__icontains=q))


class ReceiveForm(forms.Form):
    # a USB scanner types the 评审表's QR content (the verification URL) followed by Enter
    number = forms.CharField(
        label=_("申请书编号"),
        max_length=300,
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "off", "placeholder": "RSSQ00000000"}
        ),
    )

    def clean_number(self):
        from .review_form import number_from_scan

        return number_from_scan(self.cleaned_data["number"])

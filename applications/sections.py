"""The section kinds of a 申请书 (guide 002, 2.6) — the ONE place where their fields are defined.

Each kind is a Django form for one row. Rows are stored as JSON (`SectionEntry.data`) and
validated by that form on every write, so the field list lives here only: the entry form,
the reviewer's table, the completeness check and the roster all read it from this module.
Which kinds a series' form shows, in which order and whether they are required is data
(`SeriesTemplate` / `TemplateSection`, editable in the admin), not code.

The history-backfill form (guide 003, `backfill/`) reuses these kinds: it declares its own
entry model on `applications.models.SectionEntryBase` and validates rows with `form_for(kind)`.
"""

import datetime as dt
from dataclasses import dataclass
from functools import cache

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhicheng.forms import DateInput
from zhicheng.templatetags.zhicheng import date_cn


class SectionKind(models.TextChoices):
    BASIC = "basic", _("基本信息")
    EDUCATION = "education", _("学历学位")
    QUALIFICATION = "qualification", _("专业技术资格")
    WORK_HISTORY = "work_history", _("工作简历")
    PRACTICE = "practice", _("实践能力经历")
    ACHIEVEMENTS = "achievements", _("业绩成果")
    PUBLICATIONS = "publications", _("著(译)作论文")
    LANGUAGE = "language", _("职称外(汉)语")
    COMPUTER = "computer", _("计算机应用考试")
    CONTINUING = "continuing", _("继续教育")
    APPRAISAL = "appraisal", _("考核情况")
    PATENTS = "patents", _("专利发明")
    AWARDS = "awards", _("获奖情况")
    # kinds the history-backfill form (guide 003, 五) adds; an application template may use them too
    CONTACT = "contact", _("联系方式")
    TALENT = "talent", _("人才工程")
    VOCATIONAL = "vocational", _("职业资格信息")
    PRACTISING = "practising", _("职（执）业资格信息")
    AID_XINJIANG = "aid_xinjiang", _("援疆信息")
    BOOKS = "books", _("著作情况")
    STUDY_ABROAD = "study_abroad", _("留学信息")
    SOCIETIES = "societies", _("国内外学术团体任职")


DATE = {"widget": DateInput()}


@cache
def _choices(key, label="name"):
    from accounts.reference import enum_choices

    return [("", "---------")] + enum_choices(key, label=label)


class RowForm(forms.Form):
    """Base of a row form: turns cleaned data into JSON and back."""

    def to_json(self):
        out = {}
        for name, value in self.cleaned_data.items():
            out[name] = value.isoformat() if isinstance(value, dt.date) else value
        return out

    @classmethod
    def display(cls, data):
        """[(label, text)] for a stored row, choices shown by their labels."""
        form = cls()
        rows = []
        for name, field in form.fields.items():
            value = data.get(name, "")
            if value in (None, ""):
                # an optional choice left empty is blank, not the select's "---------"
                value = ""
            elif isinstance(field, forms.DateField):
                value = date_cn(value)
            elif isinstance(field, forms.ChoiceField):
                value = dict(field.choices).get(value, value)
            elif isinstance(field, forms.BooleanField):
                value = _("是") if value else _("否")
            rows.append((field.label, value if value not in (None, "") else ""))
        return rows


class EducationForm(RowForm):
    education = forms.ChoiceField(label=_("学历"), choices=())
    degree = forms.ChoiceField(label=_("学位"), choices=(), required=False)
    years = forms.IntegerField(label=_("学制(年)"), min_value=1, max_value=10)
    major = forms.CharField(label=_("专业"), max_length=60)
    school = forms.CharField(label=_("学校"), max_length=100)
    graduated_on = forms.DateField(label=_("毕(肄、结)业时间"), **DATE)
    highest = forms.BooleanField(label=_("最高学历"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["education"].choices = _choices("education_level")
        self.fields["degree"].choices = _choices("degree")


class QualificationCertForm(RowForm):
    title = forms.CharField(label=_("资格名称"), max_length=60)
    level = forms.ChoiceField(
        label=_("级别"),
        choices=[("", "---------"), ("初级", "初级"), ("中级", "中级"), ("副高", "副高"), ("正高", "正高")],
    )
    obtained_on = forms.DateField(label=_("取得时间"), **DATE)
    issuer = forms.CharField(label=_("发证(评审)机构"), max_length=100)
    certificate_no = forms.CharField(label=_("证书编号"), max_length=40, required=False)
    appointed_on = forms.DateField(label=_("聘任时间"), required=False, **DATE)


class WorkHistoryForm(RowForm):
    start = forms.DateField(label=_("起始时间"), **DATE)
    end = forms.DateField(label=_("截止时间"), required=False, help_text=_("至今可不填"), **DATE)
    employer = forms.CharField(label=_("工作单位"), max_length=100)
    post = forms.CharField(label=_("从事专业技术工作及职务"), max_length=100)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("截止时间不能早于起始时间。"))
        return data


class PracticeForm(RowForm):
    start = forms.DateField(label=_("起始时间"), **DATE)
    end = forms.DateField(label=_("截止时间"), required=False, **DATE)
    content = forms.CharField(
        label=_("实践工作内容"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    role = forms.CharField(label=_("本人作用"), max_length=100, required=False)


class AchievementForm(RowForm):
    name = forms.CharField(label=_("业绩成果名称"), max_length=200)
    year = forms.IntegerField(label=_("完成年度"), min_value=1950, max_value=2100)
    role = forms.CharField(label=_("本人角色"), max_length=60)
    description = forms.CharField(
        label=_("成果简介"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class PublicationForm(RowForm):
    title = forms.CharField(label=_("论文(著作)题目"), max_length=200)
    kind = forms.ChoiceField(
        label=_("类别"), choices=[("", "---------"), ("论文", "论文"), ("著作", "著作"), ("译作", "译作")]
    )
    venue = forms.CharField(label=_("刊物或出版社"), max_length=100)
    published_on = forms.DateField(label=_("发表(出版)时间"), **DATE)
    author_rank = forms.CharField(label=_("本人排名"), max_length=20)
    issn = forms.CharField(label=_("刊号(ISSN/CN/ISBN)"), max_length=40, required=False)


class LanguageExamForm(RowForm):
    language = forms.CharField(label=_("语种"), max_length=20)
    level = forms.CharField(label=_("等级"), max_length=20)
    exam_date = forms.DateField(label=_("考试时间"), **DATE)
    score = forms.CharField(label=_("成绩"), max_length=20, required=False)
    exempt = forms.BooleanField(label=_("免试"), required=False)


class ComputerExamForm(RowForm):
    modules = forms.CharField(label=_("考试模块"), max_length=200)
    exam_date = forms.DateField(label=_("考试时间"), **DATE)
    passed = forms.BooleanField(label=_("合格"), required=False)
    exempt = forms.BooleanField(label=_("免试"), required=False)


class ContinuingEducationForm(RowForm):
    year = forms.IntegerField(label=_("年度"), min_value=1990, max_value=2100)
    public_hours = forms.IntegerField(label=_("公需课学时"), min_value=0, max_value=1000)
    specialty_hours = forms.IntegerField(label=_("专业课学时"), min_value=0, max_value=1000)
    certificate_no = forms.CharField(label=_("证书编号"), max_length=40, required=False)


class AppraisalForm(RowForm):
    year = forms.IntegerField(label=_("年度"), min_value=1990, max_value=2100)
    result = forms.ChoiceField(
        label=_("考核结果"),
        choices=[
            ("", "---------"),
            ("优秀", "优秀"),
            ("合格", "合格"),
            ("基本合格", "基本合格"),
            ("不合格", "不合格"),
        ],
    )


class PatentForm(RowForm):
    name = forms.CharField(label=_("专利名称"), max_length=200)
    kind = forms.ChoiceField(
        label=_("专利类型"),
        choices=[("", "---------"), ("发明", "发明"), ("实用新型", "实用新型"), ("外观设计", "外观设计")],
    )
    number = forms.CharField(label=_("专利号"), max_length=40)
    granted_on = forms.DateField(label=_("授权时间"), **DATE)
    author_rank = forms.CharField(label=_("本人排名"), max_length=20)


class AwardForm(RowForm):
    name = forms.CharField(label=_("奖项名称"), max_length=200)
    grade = forms.CharField(label=_("等级"), max_length=30)
    issuer = forms.CharField(label=_("授奖单位"), max_length=100)
    awarded_on = forms.DateField(label=_("获奖时间"), **DATE)
    author_rank = forms.CharField(label=_("本人排名"), max_length=20)


class ContactForm(RowForm):
    mobile = forms.CharField(label=_("手机号码"), max_length=20)
    office_phone = forms.CharField(label=_("办公电话"), max_length=30, required=False)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    address = forms.CharField(label=_("通讯地址"), max_length=200)
    postcode = forms.RegexField(label=_("邮政编码"), regex=r"^\d{6}$", required=False)


class TalentForm(RowForm):
    name = forms.CharField(label=_("人才工程名称"), max_length=100)
    level = forms.ChoiceField(
        label=_("级别"),
        choices=[("", "---------"), ("国家级", "国家级"), ("自治区级", "自治区级"), ("地州市级", "地州市级")],
    )
    year = forms.IntegerField(label=_("入选年度"), min_value=1950, max_value=2100)


class VocationalForm(RowForm):
    name = forms.CharField(label=_("职业资格名称"), max_length=100)
    grade = forms.CharField(label=_("等级"), max_length=30, required=False)
    obtained_on = forms.DateField(label=_("取得时间"), **DATE)
    certificate_no = forms.CharField(label=_("证书编号"), max_length=40, required=False)
    issuer = forms.CharField(label=_("发证机构"), max_length=100, required=False)


class PractisingForm(RowForm):
    name = forms.CharField(label=_("职（执）业资格名称"), max_length=100)
    registration_no = forms.CharField(label=_("注册编号"), max_length=40, required=False)
    obtained_on = forms.DateField(label=_("取得时间"), **DATE)
    registered_on = forms.DateField(label=_("注册时间"), required=False, **DATE)
    issuer = forms.CharField(label=_("发证机构"), max_length=100, required=False)


class AidXinjiangForm(RowForm):
    start = forms.DateField(label=_("援疆起始时间"), **DATE)
    end = forms.DateField(label=_("援疆截止时间"), required=False, **DATE)
    sending_unit = forms.CharField(label=_("派出单位"), max_length=100)
    receiving_unit = forms.CharField(label=_("受援单位"), max_length=100)
    batch = forms.CharField(label=_("援疆批次"), max_length=30, required=False)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("截止时间不能早于起始时间。"))
        return data


class BookForm(RowForm):
    title = forms.CharField(label=_("著作名称"), max_length=200)
    publisher = forms.CharField(label=_("出版社"), max_length=100)
    published_on = forms.DateField(label=_("出版时间"), **DATE)
    isbn = forms.CharField(label=_("ISBN"), max_length=40, required=False)
    author_rank = forms.CharField(label=_("本人排名"), max_length=20)
    words = forms.IntegerField(label=_("本人撰写字数(万字)"), min_value=0, max_value=1000, required=False)


class StudyAbroadForm(RowForm):
    country = forms.CharField(label=_("国家(地区)"), max_length=60)
    institution = forms.CharField(label=_("院校(机构)"), max_length=100)
    start = forms.DateField(label=_("起始时间"), **DATE)
    end = forms.DateField(label=_("截止时间"), required=False, **DATE)
    content = forms.CharField(label=_("学习(研修)内容"), max_length=200)


class SocietyForm(RowForm):
    name = forms.CharField(label=_("学术团体名称"), max_length=100)
    post = forms.CharField(label=_("任职"), max_length=60)
    start = forms.DateField(label=_("起始时间"), **DATE)
    end = forms.DateField(label=_("截止时间"), required=False, **DATE)


@dataclass(frozen=True)
class SectionSpec:
    kind: str
    form_class: type | None  # None: 基本信息 lives on the application row (ApplicationBasicForm)


SPECS = {
    SectionKind.EDUCATION: SectionSpec(SectionKind.EDUCATION, EducationForm),
    SectionKind.QUALIFICATION: SectionSpec(SectionKind.QUALIFICATION, QualificationCertForm),
    SectionKind.WORK_HISTORY: SectionSpec(SectionKind.WORK_HISTORY, WorkHistoryForm),
    SectionKind.PRACTICE: SectionSpec(SectionKind.PRACTICE, PracticeForm),
    SectionKind.ACHIEVEMENTS: SectionSpec(SectionKind.ACHIEVEMENTS, AchievementForm),
    SectionKind.PUBLICATIONS: SectionSpec(SectionKind.PUBLICATIONS, PublicationForm),
    SectionKind.LANGUAGE: SectionSpec(SectionKind.LANGUAGE, LanguageExamForm),
    SectionKind.COMPUTER: SectionSpec(SectionKind.COMPUTER, ComputerExamForm),
    SectionKind.CONTINUING: SectionSpec(SectionKind.CONTINUING, ContinuingEducationForm),
    SectionKind.APPRAISAL: SectionSpec(SectionKind.APPRAISAL, AppraisalForm),
    SectionKind.PATENTS: SectionSpec(SectionKind.PATENTS, PatentForm),
    SectionKind.AWARDS: SectionSpec(SectionKind.AWARDS, AwardForm),
    SectionKind.CONTACT: SectionSpec(SectionKind.CONTACT, ContactForm),
    SectionKind.TALENT: SectionSpec(SectionKind.TALENT, TalentForm),
    SectionKind.VOCATIONAL: SectionSpec(SectionKind.VOCATIONAL, VocationalForm),
    SectionKind.PRACTISING: SectionSpec(SectionKind.PRACTISING, PractisingForm),
    SectionKind.AID_XINJIANG: SectionSpec(SectionKind.AID_XINJIANG, AidXinjiangForm),
    SectionKind.BOOKS: SectionSpec(SectionKind.BOOKS, BookForm),
    SectionKind.STUDY_ABROAD: SectionSpec(SectionKind.STUDY_ABROAD, StudyAbroadForm),
    SectionKind.SOCIETIES: SectionSpec(SectionKind.SOCIETIES, SocietyForm),
}


def form_for(kind):
    """The row form of a repeating section kind."""
    return SPECS[kind].form_class


def columns(kind):
    """The column headers of a repeating section's table."""
    return [f.label for f in form_for(kind)().fields.values()]


# The default template every series uses unless the admin gives it its own (guide 002, 2.6).
# (kind, required, attachment_required)
DEFAULT_TEMPLATE = [
    (SectionKind.BASIC, True, False),
    (SectionKind.EDUCATION, True, True),
    (SectionKind.QUALIFICATION, False, False),
    (SectionKind.WORK_HISTORY, True, False),
    (SectionKind.PRACTICE, False, False),
    (SectionKind.ACHIEVEMENTS, True, False),
    (SectionKind.PUBLICATIONS, False, False),
    (SectionKind.LANGUAGE, False, False),
    (SectionKind.COMPUTER, False, False),
    (SectionKind.CONTINUING, True, False),
    (SectionKind.APPRAISAL, True, False),
    (SectionKind.PATENTS, False, False),
    (SectionKind.AWARDS, False, False),
]

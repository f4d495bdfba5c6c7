"""The paper set of guide 004 (the templates at its end), pre-filled from the application and
rendered through the document pipeline: 推荐单位公示, 推荐单位公示结果, 主管单位推荐意见 (for the
base unit and the units above it) and the applicant's 个人承诺书. Only the places where a
signature, a seal or its date goes are left blank.
"""

import datetime as dt

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhicheng import documents, workdays
from zhicheng.errors import PlatformError
from zhicheng.workflow import ChainStep

from . import unit_publicity
from .review_form import basic_rows, may_download
from .sections import SectionKind

PUBLICITY = "publicity"
PUBLICITY_RESULT = "publicity_result"
SUPERVISOR_OPINION = "supervisor_opinion"
PLEDGE = "pledge"

LABELS = {
    PUBLICITY: gettext_lazy("推荐单位公示"),
    PUBLICITY_RESULT: gettext_lazy("推荐单位公示结果"),
    SUPERVISOR_OPINION: gettext_lazy("主管单位推荐意见"),
    PLEDGE: gettext_lazy("个人承诺书"),
}
UNIT_KINDS = (PUBLICITY, PUBLICITY_RESULT, SUPERVISOR_OPINION)
MIN_PUBLICITY_DAYS = unit_publicity.MIN_WORKING_DAYS  # 公示期不少于5个工作日 (guide 004)
# guide 004, 个人承诺书
PLEDGE_TEXT = (
    "本人承诺以上填报的内容和提交的材料完全真实有效，且网上填报与送审报表内容一致。"
    "如申请人提交弄虚作假确认材料的，一经查实，不予受理确认申报或取消已确认的资格，"
    "并从申报年度下一年起5年内，不得申报专业技术资格。"
)
BAND = {"初级": "初", "中级": "中", "副高": "高", "正高": "高"}


class PaperSetError(PlatformError):
    """A refused paper-set request; the message is shown to the user."""


# ---- working days (公示期): the platform's one calendar, zhicheng.workdays ---------------------------
def working_days_between(start, end, region=None):
    """Working days from start to end, both included (含起始日, 工作日)."""
    return workdays.working_days_between(start, end, region)


def publicity_end_for(start, working_days=MIN_PUBLICITY_DAYS, region=None):
    """The earliest end of a 公示 that starts on `start` and lasts `working_days` working days."""
    return workdays.add_working_days(start, working_days, region)


class PublicityForm(forms.Form):
    start = forms.DateField(
        label=gettext_lazy("公示开始日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=gettext_lazy("公示结束日期"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("公示期不少于5个工作日（含起始日，按工作日计算）"),
    )
    office = forms.CharField(label=gettext_lazy("受理异议的办公室"), max_length=60)
    phone = forms.CharField(label=gettext_lazy("监督电话"), max_length=30)
    politics = forms.CharField(
        label=gettext_lazy("思想政治条件"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("突出政治表现，强调职业操守和从业行为"),
    )

    def __init__(self, *args, region=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.region = region  # the base unit's region: Xinjiang's own holidays count there

    @classmethod
    def initial_for(cls, app):
        record = unit_publicity.record_of(app)
        if record is not None:
            return unit_publicity.paper_params(record)
        start = timezone.localdate()
        appraisals = [
            f"{e.data.get('year')}年度{e.data.get('result')}"
            for e in app.entries.filter(kind=SectionKind.APPRAISAL).order_by("-position", "-pk")[:5]
        ]
        politics = _("近年年度考核：%(list)s。") % {"list": "、".join(appraisals)} if appraisals else ""
        unit = app.base_unit
        try:
            end = unit_publicity.earliest_end(start, unit.region if unit else None).isoformat()
        except workdays.WorkdayError:
            end = ""  # no published calendar yet: the unit enters the end, clean() explains
        return {
            "start": start.isoformat(),
            "end": end,
            "office": _("%(unit)s办公室") % {"unit": unit.name} if unit else "",
            "phone": unit.contact_phone if unit else "",
            "politics": politics,
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            wrong = unit_publicity.period_error(start, end, self.region)  # the one 公示 period rule
            if wrong:
                self.add_error("end", wrong)
        return data


# ---- contexts --------------------------------------------------------------------------------------
def _date_cn(iso):
    day = dt.date.fromisoformat(iso)
    return f"{day.year}年{day.month}月{day.day}日"


def supervising_unit(app):
    """主管单位: the first organisation above the base unit on the submitted chain (not the committee)."""
    step = (
        ChainStep.objects.filter(
            content_type__app_label="applications",
            content_type__model="application",
            object_id=app.pk,
            round=app.chain_round,
            position__gt=1,
            is_terminal=False,
        )
        .exclude(organisation_id=app.committee_id)
        .select_related("organisation")
        .order_by("position")
        .first()
    )
    if step and step.organisation:
        return step.organisation
    return app.base_unit.parent if app.base_unit else None


def _common(app):
    from .models import Application

    app = Application.objects.for_list().select_related("applicant").get(pk=app.pk)
    q = app.qualification
    user = app.applicant
    basic = dict((str(k), v) for k, v in basic_rows(app))
    return {
        "app": app,
        "name": user.display_name,
        "series": q.specialty.series.name,
        "specialty": q.specialty.name,
        "band": BAND.get(q.level_short, ""),
        "qualification": q.name,
        "unit": app.base_unit,
        "basic_line": "，".join(
            f"{label}：{basic.get(label) or '—'}"
            for label in ("性别", "民族", "政治面貌", "身份证号", "现任专业技术职务")
        ),
        "achievements": [
            e.data for e in app.entries.filter(kind=SectionKind.ACHIEVEMENTS).order_by("position", "pk")
        ],
    }


def _days_text(start, end, app):
    """公示××天 of the result paper, with the working days it counted (含起始日)."""
    days = (end - start).days + 1
    try:
        working = working_days_between(start, end, unit_publicity.region_of(app))
    except workdays.WorkdayError:
        return _("%(d)s天") % {"d": days}
    return _("%(d)s天（%(w)s个工作日，含起始日）") % {"d": days, "w": working}


def build_context(kind):
    def context(app, doc):
        ctx = {"kind": kind, "heading": str(LABELS[kind]), **_common(app)}
        params = doc.params or {}
        if kind in (PUBLICITY, PUBLICITY_RESULT):
            start, end = dt.date.fromisoformat(params["start"]), dt.date.fromisoformat(params["end"])
            ctx.update(
                start=_date_cn(params["start"]),
                end=_date_cn(params["end"]),
                days_text=_days_text(start, end, ctx["app"]),
                office=params["office"],
                phone=params["phone"],
                politics=params["politics"],
            )
        if kind == SUPERVISOR_OPINION:
            ctx["supervisor"] = supervising_unit(ctx["app"])
        if kind == PLEDGE:
            ctx["pledge_text"] = PLEDGE_TEXT
        return ctx

    return context


def register():
    for kind in (PUBLICITY, PUBLICITY_RESULT, SUPERVISOR_OPINION, PLEDGE):
        documents.register(
            kind,
            label=LABELS[kind],
            template="applications/pdf/paper_set.html",
            context=build_context(kind),
            can_download=may_download,
            holder=lambda app: app.applicant.display_name,
            number=lambda app: app.number,
            filename=lambda doc: f"{doc.kind_label}-{doc.number}-第{doc.version}版.pdf",
        )


# ---- services --------------------------------------------------------------------------------------
def kinds_for(user, app):
    """The applicant prints the 个人承诺书; the organisations the application reached print all four."""
    kinds = []
    if app.applicant_id == user.pk:
        kinds.append(PLEDGE)
    from .services import org_ids

    reached = ChainStep.objects.filter(
        content_type__app_label="applications",
        content_type__model="application",
        object_id=app.pk,
        organisation_id__in=org_ids(user),
        started_at__isnull=False,
    ).exists()
    if reached:
        kinds = [*UNIT_KINDS, PLEDGE]
    return kinds


def request_paper(app, kind, *, by):
    """A new version of one paper; the two 公示 papers are filled with the recorded 公示
    (applications.unit_publicity), so every organisation prints the same dates."""
    if kind not in kinds_for(by, app):
        raise PaperSetError(_("您不能打印该申请书的%(doc)s。") % {"doc": LABELS.get(kind, kind)})
    if kind in UNIT_KINDS and not app.ever_submitted:
        raise PaperSetError(_("申请书上报后才能打印单位的纸质材料。"))
    with transaction.atomic():
        if kind in (PUBLICITY, PUBLICITY_RESULT):
            record = unit_publicity.record_of(app)
            if record is None:
                raise PaperSetError(_("基层单位登记公示时间后才能生成推荐单位公示及公示结果。"))
            return unit_publicity.request_papers(app, record, by=by)
        return [documents.request_document(app, kind, by=by)]

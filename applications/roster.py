"""审核情况花名册: who sees which applications, its columns, and the Excel export (a Celery job).

The page shows 100 rows at a time; the export streams every row of the same query through
zhicheng.exports (write-only workbook, progress on the job, time limit on the task). Rows are read
as plain values with a server-side cursor; the few distinct labels (资格, 单位, choices) are built
once per export instead of once per row.
"""

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.constants import OrgKind
from accounts.models import Organisation
from filings.constants import ApplicationType
from filings.models import Qualification
from zhicheng.dbrouter import read_alias
from zhicheng.templatetags.zhicheng import dt_cn
from zhicheng.workflow import ChainState

from . import services
from .forms import QueueFilterForm
from .models import Application

ROSTER_COLUMNS = [
    gettext_lazy("序号"),
    gettext_lazy("申请书编号"),
    gettext_lazy("姓名"),
    gettext_lazy("身份证号"),
    gettext_lazy("年度"),
    gettext_lazy("申报类型"),
    gettext_lazy("资格"),
    gettext_lazy("基层工作单位"),
    gettext_lazy("评审机构"),
    gettext_lazy("当前节点"),
    gettext_lazy("状态"),
    gettext_lazy("退回次数"),
    gettext_lazy("提交时间"),
    gettext_lazy("纸质材料接收"),
]
ROSTER_ORDER = ("committee_id", "current_label", "number")


def may_see_roster(user):
    return bool(services.org_ids(user, OrgKind.COMMITTEE) or services.org_ids(user, OrgKind.SUPERVISING))


def roster_queryset(user, params):
    """(form, queryset) of the roster for `user` filtered by the GET-style `params`; 404 for others."""
    if not may_see_roster(user):
        raise Http404
    form = QueueFilterForm(params or None)
    qs = services.roster_for(user)
    if params:
        qs = form.apply(qs)
    return form, qs.order_by(*ROSTER_ORDER)


def roster_row(i, app):
    return [
        i,
        app.number,
        app.applicant.display_name,
        app.applicant.id_number or "",
        app.year,
        app.get_application_type_display(),
        app.qualification_label,
        app.base_unit.name if app.base_unit else "",
        app.committee.name,
        app.current_label or app.status_label(),
        _("本年度不再受理") if app.is_closed else app.get_state_display(),
        app.return_count,
        dt_cn(app.submitted_at),
        dt_cn(app.materials_received_at),
    ]


VALUE_FIELDS = [
    "number",
    "applicant__real_name",
    "applicant__username",
    "applicant__id_number",
    "year",
    "application_type",
    "qualification_id",
    "base_unit_id",
    "committee_id",
    "current_label",
    "state",
    "return_count",
    "submitted_at",
    "materials_received_at",
]


class _Labels:
    """Labels that repeat across rows, each computed once (the same text roster_row shows)."""

    def __init__(self):
        self.types = {k: str(v) for k, v in ApplicationType.choices}
        self.states = {k: str(v) for k, v in ChainState.choices}
        self.states[ChainState.CLOSED] = _("本年度不再受理")
        self.first = str(Application.FIRST_NODE_LABEL)
        self.final = str(Application.FINAL_NODE_LABEL)
        self._orgs, self._quals, self._qual_labels = {}, {}, {}

    def org(self, pk):
        if pk not in self._orgs:
            self._orgs[pk] = Organisation.objects.select_related("region").filter(pk=pk).first()
        return self._orgs[pk]

    def qualification(self, committee_id, qualification_id):
        key = (committee_id, qualification_id)
        if key not in self._qual_labels:
            if qualification_id not in self._quals:
                self._quals[qualification_id] = Qualification.objects.select_related("specialty__series").get(
                    pk=qualification_id
                )
            probe = Application(committee=self.org(committee_id), qualification=self._quals[qualification_id])
            self._qual_labels[key] = probe.qualification_label
        return self._qual_labels[key]

    def node(self, state, current_label):
        if current_label:
            return current_label
        if state == ChainState.ACCEPTED:
            return self.final
        if state in (ChainState.DRAFT, ChainState.RETURNED):
            return self.first
        return self.states.get(state, state)


def roster_rows(qs, labels=None):
    """Every row of the roster query, streamed (server-side cursor, 2000 rows a fetch)."""
    labels = labels or _Labels()
    values = qs.using(read_alias()).values_list(*VALUE_FIELDS).iterator(chunk_size=2000)
    for i, (
        no,
        real_name,
        username,
        id_no,
        year,
        typ,
        q_id,
        unit_id,
        c_id,
        label,
        state,
        returns,
        sub,
        rec,
    ) in enumerate(values, start=1):
        unit = labels.org(unit_id) if unit_id else None
        yield [
            i,
            no,
            real_name or username,
            id_no or "",
            year,
            labels.types.get(typ, typ),
            labels.qualification(c_id, q_id),
            unit.name if unit else "",
            labels.org(c_id).name,
            labels.node(state, label),
            labels.states.get(state, state),
            returns,
            dt_cn(sub),
            dt_cn(rec),
        ]


def build_roster_export(job):
    """zhicheng.exports builder: (header, total, rows) for the job owner's roster and filters."""
    _form, qs = roster_queryset(job.owner, job.params)
    total = qs.using(read_alias()).order_by().count()
    return ROSTER_COLUMNS, total, roster_rows(qs)

"""The reviewers' side of 历史数据补录: one form's page (also the person's 状态查询), 审核通过 / 退回,
the 补录审核 queue, the roster with its Excel export, and the platform admin's national export."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.constants import OrgKind
from applications.sections import SectionKind, columns
from zhicheng.review import review_action
from zhicheng.workflow import ChainState

from . import services
from .constants import SECTION_KINDS, SECTION_LABELS
from .forms import ListFilterForm
from .views import load


def _sections_for_display(bf):
    rows = {}
    for e in bf.entries.all():
        rows.setdefault(e.kind, []).append([v for _label, v in e.display()])
    return [
        {"kind": k, "title": SECTION_LABELS[k], "columns": columns(k), "rows": rows.get(k, [])}
        for k in SECTION_KINDS
        if k != SectionKind.BASIC
    ]


@login_required
def detail(request, pk):
    """补录申报表 with 状态查询, the chain, the flow log and, for the holder, 审核通过 / 退回."""
    bf = load(request, pk)
    return render(
        request,
        "backfill/detail.html",
        {
            "bf": bf,
            "holder": bf.held_by(request.user),
            "is_owner": bf.person_id == request.user.pk,
            "sections": _sections_for_display(bf),
            "attachments": list(bf.attachments.all()),
        },
    )


def _review(request, bf, **kwargs):
    """Both actions through the one review helper: the step the reviewer saw, the stale-link
    page, the confirm step and the reason rule live there."""
    return review_action(
        request,
        bf,
        review_url=reverse("backfill:detail", args=[bf.pk]),
        queue_url=reverse("backfill:queue"),
        **kwargs,
    )


@login_required
def forward(request, pk):
    """审核通过: the base unit passes it on to the 主管单位; the 主管单位's approval finishes it."""
    bf = load(request, pk)
    last = bf.current_label == _("主管单位")

    def done(bf):
        if bf.state == ChainState.ACCEPTED:
            return _("补录申报表%(no)s已审核通过，职称已记入本人职称记录。") % {"no": bf.number}
        return _("补录申报表%(no)s已提交至%(org)s。") % {"no": bf.number, "org": bf.current_org.name}

    return _review(
        request,
        bf,
        act=lambda step_id, reason: services.forward_backfill(
            bf, by=request.user, expected_step_id=step_id, opinion=reason
        ),
        title=_("审核通过"),
        confirm_text=_("确定审核通过吗？通过后该职称记入本人职称记录。")
        if last
        else _("确定审核通过并提交至主管单位吗？提交后本单位不能再修改意见。"),
        button=_("确定"),
        done_message=done,
        reason_label=_("审核意见"),
        form_page=lambda form: render(
            request, "backfill/forward.html", {"bf": bf, "form": form, "last": last}
        ),
    )


@login_required
def send_back(request, pk):
    bf = load(request, pk)
    return _review(
        request,
        bf,
        act=lambda step_id, reason: services.return_backfill(
            bf, by=request.user, expected_step_id=step_id, reason=reason
        ),
        title=_("退回补录申报表"),
        confirm_text=_("确定退回补录申报表%(no)s？") % {"no": bf.number},
        button=_("确定退回"),
        done_message=_("补录申报表%(no)s已退回给申请人。") % {"no": bf.number},
        needs_reason=True,
        form_page=lambda form: render(request, "backfill/return.html", {"bf": bf, "form": form}),
    )


# ---- lists ----------------------------------------------------------------------------------------
# A backfill form's chain is 基层单位 → 主管单位 (DESIGN): only their menus hold 补录审核 and
# 补录花名册. Committees and title offices got an empty 200 here before; now the 404 of a page
# their role does not have.
REVIEWER_KINDS = (OrgKind.BASE_UNIT, OrgKind.SUPERVISING)


def _reviewer_or_404(request):
    if not services.member_of_kind(request.user, REVIEWER_KINDS):
        raise Http404


def _filtered(request, qs):
    form = ListFilterForm(request.GET or None)
    if request.GET:
        qs = form.apply(qs)
    return form, qs


@login_required
def queue(request):
    """补录审核: what my organisations hold now, with counts of everything that reached them."""
    _reviewer_or_404(request)
    form, qs = _filtered(request, services.queue_for(request.user))
    counts = services.passed_through(request.user).aggregate(
        total=Count("pk"),
        in_review=Count("pk", filter=Q(state=ChainState.IN_REVIEW)),
        returned=Count("pk", filter=Q(state=ChainState.RETURNED)),
        accepted=Count("pk", filter=Q(state=ChainState.ACCEPTED)),
    )
    counts["mine"] = qs.count()
    page = Paginator(services.for_list(qs).order_by("-submitted_at", "-pk"), 50).get_page(
        request.GET.get("page")
    )
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "backfill/queue.html",
        {"form": form, "page_obj": page, "counts": counts, "query_string": params.urlencode()},
    )


ROSTER_COLUMNS = [
    _("序号"),
    _("编号"),
    _("姓名"),
    _("身份证号"),
    _("取得方式"),
    _("专业技术资格"),
    _("授予时间"),
    _("证书编号"),
    _("任职资格批文文号"),
    _("基层工作单位"),
    _("当前节点"),
    _("状态"),
    _("提交时间"),
]


def roster_row(i, bf):
    from zhicheng.templatetags.zhicheng import dt_cn

    return [
        i,
        bf.number,
        bf.person.display_name,
        bf.person.id_number or "",
        bf.get_method_display(),
        bf.title_label,
        bf.granted_on.isoformat(),
        bf.certificate_no,
        bf.approval_no,
        bf.base_unit.name if bf.base_unit else "",
        bf.current_label or bf.status_label(),
        bf.get_state_display(),
        dt_cn(bf.submitted_at),
    ]


def _roster_qs(request):
    _reviewer_or_404(request)
    form, qs = _filtered(request, services.passed_through(request.user))
    return form, services.for_list(qs).order_by("-submitted_at", "-pk")


@login_required
def roster(request):
    """补录花名册: every form that reached my organisations."""
    form, qs = _roster_qs(request)
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    start = page.start_index()
    rows = [(a, roster_row(start + i, a)) for i, a in enumerate(page.object_list)]
    return render(
        request,
        "backfill/roster.html",
        {
            "form": form,
            "page_obj": page,
            "rows": rows,
            "columns": ROSTER_COLUMNS,
            "query_string": params.urlencode(),
        },
    )


def _xlsx(title, header, rows, filename):
    from zhicheng.excel import xlsx_response

    return xlsx_response(title, header, rows, filename)


@login_required
def roster_export(request):
    _form, qs = _roster_qs(request)
    rows = (roster_row(i, bf) for i, bf in enumerate(qs.iterator(chunk_size=500), start=1))
    return _xlsx("补录花名册", ROSTER_COLUMNS, rows, "backfill-roster")


NATIONAL_COLUMNS = [
    _("姓名"),
    _("身份证号"),
    _("性别"),
    _("出生年月"),
    _("手机号码"),
    _("取得方式"),
    _("职称评审区域"),
    _("发证评审委员会"),
    _("发证单位"),
    _("系列"),
    _("专业"),
    _("等级"),
    _("专业技术资格"),
    _("二级专业"),
    _("授予时间"),
    _("证书编号"),
    _("任职资格批文文号"),
    _("任职资格批文名称"),
    _("批文公示（通知）网址"),
    _("基层工作单位"),
    _("审核通过时间"),
]


def national_row(bf):
    p, q = bf.person, bf.qualification
    return [
        p.display_name,
        p.id_number or "",
        p.get_gender_display(),
        f"{p.birth_date:%Y-%m}" if p.birth_date else "",
        p.phone,
        bf.get_method_display(),
        bf.get_area_display(),
        bf.committee.name,
        bf.issuing_unit.name if bf.issuing_unit else "",
        q.specialty.series.name,
        q.specialty.name,
        q.get_level_display(),
        q.name,
        bf.sub_specialty.name if bf.sub_specialty else "",
        bf.granted_on.isoformat(),
        bf.certificate_no,
        bf.approval_no,
        bf.approval_name,
        bf.notice_url,
        bf.base_unit.name if bf.base_unit else "",
        f"{timezone.localtime(bf.finished_at):%Y-%m-%d %H:%M}" if bf.finished_at else "",
    ]


@login_required
def national_export(request):
    """平台管理员: accepted backfills for the national 职称评审信息系统, one row per title."""
    if not request.user.is_superuser:
        raise Http404
    rows = (national_row(bf) for bf in services.national_export_rows().iterator(chunk_size=500))
    if request.GET.get("format") == "csv":
        from zhicheng.excel import csv_response

        return csv_response(NATIONAL_COLUMNS, rows, f"backfill-national-{timezone.localdate():%Y%m%d}")
    return _xlsx("补录职称信息", NATIONAL_COLUMNS, rows, "backfill-national")


@login_required
def national(request):
    """The admin's page: counts and the two export links."""
    if not request.user.is_superuser:
        raise Http404
    qs = services.national_export_rows()
    return render(
        request,
        "backfill/national.html",
        {"count": qs.count(), "recent": qs.order_by("-finished_at")[:20]},
    )

"""申请书审核, 申请书查询 and 审核情况花名册 (read through the replica alias), and its Excel export."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.constants import OrgKind
from zhicheng.dbrouter import replica_view
from zhicheng.exports import start_export
from zhicheng.paging import CountedPaginator
from zhicheng.workflow import ChainState

from .. import reach, services
from ..forms import QueueFilterForm
from ..roster import ROSTER_COLUMNS, may_see_roster, roster_queryset, roster_row

# ---- lists -------------------------------------------------------------------------------------------
# The organisations an application's chain passes (DESIGN: base unit → supervising units →
# 评审机构): their menus hold 申请书审核 and 申请书查询. A title office is on no application's
# chain and gets the 404 of a page it has no menu for (it answered an empty 200 before).
REVIEWER_KINDS = (OrgKind.BASE_UNIT, OrgKind.SUPERVISING, OrgKind.COMMITTEE)


def _reviewer_or_404(request):
    if not services.member_of_kind(request.user, REVIEWER_KINDS):
        raise Http404


def _list_page(request, qs, template, title, extra=None, kept_counts=None):
    """One list page: the filter form, the counters and 50 rows in submission order. `kept_counts`
    answers the counters of the unfiltered list without aggregating it (applications.reach)."""
    form = QueueFilterForm(request.GET or None)
    filtered = form.has_filters()
    qs = form.apply(qs) if request.GET else qs
    if kept_counts is not None and not filtered:
        counts = kept_counts()
    else:
        counts = qs.aggregate(
            total=Count("pk"),
            in_review=Count("pk", filter=Q(state=ChainState.IN_REVIEW)),
            accepted=Count("pk", filter=Q(state=ChainState.ACCEPTED)),
        )
    page = CountedPaginator(
        qs.for_list().order_by("-submitted_at", "-pk"), 50, count=counts["total"]
    ).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        template,
        {
            "form": form,
            "page_obj": page,
            "counts": counts,
            "title": title,
            "query_string": params.urlencode(),
            **(extra or {}),
        },
    )


@login_required
@replica_view
def queue(request):
    """申请书审核: what my organisations hold now."""
    _reviewer_or_404(request)
    return _list_page(request, services.queue_for(request.user), "applications/queue.html", _("申请书审核"))


@login_required
@replica_view
def search(request):
    """申请书查询: everything that has passed through my organisations."""
    _reviewer_or_404(request)
    ids = services.org_ids(request.user)
    return _list_page(
        request,
        services.passed_through(request.user),
        "applications/queue.html",
        _("申请书查询"),
        kept_counts=lambda: reach.counts(ids),
    )


def _roster_qs(request):
    form, qs = roster_queryset(request.user, request.GET)
    return form, qs.for_list()


@login_required
@replica_view
def roster(request):
    """审核情况花名册: applications by state and node."""
    form, qs = _roster_qs(request)
    by_node = list(
        qs.order_by()
        .values("current_label", "state")
        .annotate(n=Count("*"))  # COUNT(*): an index-only scan of app_roster_nodes_idx
        .order_by("state", "current_label")
    )
    page = CountedPaginator(qs, 100, count=sum(row["n"] for row in by_node)).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    start = page.start_index()
    rows = [roster_row(start + i, a) for i, a in enumerate(page.object_list)]
    return render(
        request,
        "applications/roster.html",
        {
            "form": form,
            "page_obj": page,
            "rows": rows,
            "columns": ROSTER_COLUMNS,
            "by_node": by_node,
            "query_string": params.urlencode(),
        },
    )


@login_required
@require_POST
def roster_export(request):
    """导出Excel: a Celery job streams the rows; the status page shows progress, then the link."""
    if not may_see_roster(request.user):
        raise Http404
    params = {k: v for k, v in request.POST.items() if k in QueueFilterForm.base_fields}
    job = start_export("roster", by=request.user, params=params)
    return redirect("export-status", pk=job.pk)

"""The title offices: the queue, 退回 / 接收, and 可评审专业."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.constants import OrgKind
from accounts.models import Organisation
from zhicheng.errors import PlatformError
from zhicheng.permissions import guardian_visible
from zhicheng.review import review_action
from zhicheng.workflow import ChainState

from .. import services
from ..models import Filing, Qualification, ReviewableQualification
from .common import (
    OPINION,
    filing_page,
    filtered_page,
    get_filing_for_office,
    offices_of,
    posted_ids,
)


# ---- the offices: queue, 退回 / 接收 -----------------------------------------------------------------------
@login_required
def queue(request):
    offices = list(offices_of(request.user))
    if not offices:
        raise Http404
    tab = request.GET.get("tab", "todo")
    if tab == "all":
        qs = guardian_visible(request.user, Filing.objects.all())
    else:
        qs = Filing.objects.filter(state=ChainState.IN_REVIEW, current_org__in=offices)
    qs = qs.select_related("committee").order_by("-submitted_at", "-pk")
    form, page, query = filtered_page(request, qs)
    return render(
        request,
        "filings/office_queue.html",
        {
            "form": form,
            "page_obj": page,
            "query_string": query,
            "tab": tab,
            "offset": page.start_index() - 1 if page else 0,
        },
    )


@login_required
def review(request, pk):
    filing = get_filing_for_office(request.user, pk)
    return filing_page(request, filing, is_owner=False)


@login_required
def send_back(request, pk):
    filing = get_filing_for_office(request.user, pk)
    return review_action(
        request,
        filing,
        act=lambda step_id, reason: services.return_filing(
            filing, by=request.user, expected_step_id=step_id, opinion=reason
        ),
        title=_("退回备案"),
        confirm_text=_("将《%(t)s》退回%(c)s？") % {"t": filing.title, "c": filing.committee.name},
        button=_("确认退回"),
        review_url=reverse("filings:review", args=[pk]),
        queue_url=reverse("filings:queue"),
        done_url=reverse("filings:review", args=[pk]),
        done_message=_("备案已退回评审机构。"),
        needs_reason=True,
        reason_label=OPINION,
        form_page=lambda form: render(
            request, "filings/office_return.html", {"filing": filing, "form": form}
        ),
    )


@login_required
def accept(request, pk):
    filing = get_filing_for_office(request.user, pk)
    return review_action(
        request,
        filing,
        act=lambda step_id, reason: services.accept_filing(filing, by=request.user, expected_step_id=step_id),
        title=_("接收备案"),
        confirm_text=_("确认接收《%s》？接收后所备案资格将按计划时间开放申报。") % filing.title,
        button=_("接收"),
        review_url=reverse("filings:review", args=[pk]),
        queue_url=reverse("filings:queue"),
        done_url=reverse("filings:review", args=[pk]),
        done_message=_("已接收材料。"),
    )


# ---- 可评审专业 (offices) ---------------------------------------------------------------------------------
@login_required
def reviewable(request):
    office = request.user.primary_organisation(OrgKind.TITLE_OFFICE)
    if office is None:
        raise Http404
    committees = list(services.committees_in_area(office))
    committee = None
    chosen = request.POST.get("committee") or request.GET.get("committee") or ""
    if chosen and not chosen.isdigit():
        raise Http404
    if chosen:
        committee = get_object_or_404(Organisation, pk=chosen, pk__in=[c.pk for c in committees])
    if request.method == "POST" and committee is not None:
        try:
            count = services.set_reviewable(
                committee, posted_ids(request, "qualification"), by=request.user, office=office
            )
        except PlatformError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("已保存：%(name)s可评审%(count)d个资格。") % {"name": committee.name, "count": count},
            )
        return redirect(f"{reverse('filings:reviewable')}?committee={committee.pk}")
    tree, current = [], set()
    if committee is not None:
        quals = Qualification.objects.filter(is_active=True).select_related("specialty__series")
        tree = services.qualification_tree(quals)
        current = set(
            ReviewableQualification.objects.filter(committee=committee).values_list(
                "qualification_id", flat=True
            )
        )
    return render(
        request,
        "filings/reviewable.html",
        {
            "office": office,
            "committees": committees,
            "committee": committee,
            "tree": tree,
            "current": current,
        },
    )

"""What the filing screens share: one loader per kind of access (strangers 404), the list filter and the summary a filing's pages show."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.constants import OrgKind
from zhicheng.permissions import guardian_visible
from zhicheng.review import review_form
from zhicheng.workflow import ChainState

from ..forms import ListFilterForm
from ..models import Filing, FilingAttachment, PlanTimeChange

PAGE_SIZE = 15


# ---- loaders: one per kind of access ------------------------------------------------------------
def committees_of(user):
    return user.organisations(OrgKind.COMMITTEE)


OPINION = gettext_lazy("办理意见")


def offices_of(user):
    return user.organisations(OrgKind.TITLE_OFFICE)


def committee_or_404(user):
    committee = user.primary_organisation(OrgKind.COMMITTEE)
    if committee is None:
        raise Http404
    return committee


def get_filing_for_committee(user, pk):
    """A filing of one of the user's committees (others → 404)."""
    # 评审会议备案 are edited from their meeting (meetings app), never in this wizard
    qs = Filing.objects.filter(committee__in=committees_of(user), kind=Filing.Kind.PRE_REVIEW).select_related(
        "committee__region"
    )
    return get_object_or_404(qs, pk=pk)


def get_filing_for_reader(user, pk):
    """Its committee, or an office the filing was routed to (guardian view right), may read it."""
    routed = guardian_visible(user, Filing.objects.all()).values("pk")
    qs = Filing.objects.filter(Q(committee__in=committees_of(user)) | Q(pk__in=routed)).select_related(
        "committee__region", "current_org"
    )
    return get_object_or_404(qs, pk=pk)


def get_filing_for_office(user, pk):
    """A filing routed to one of the user's title offices (others → 404)."""
    if not offices_of(user).exists():
        raise Http404
    routed = guardian_visible(user, Filing.objects.all()).values("pk")
    return get_object_or_404(Filing.objects.filter(pk__in=routed).select_related("committee__region"), pk=pk)


def editable_or_redirect(request, filing):
    if filing.is_editable:
        return None
    messages.info(request, _("备案已提交，无法修改。"))
    return redirect("filings:detail", filing.pk)


def filtered_page(request, qs):
    form = ListFilterForm(request.GET or None)
    if form.is_valid():
        if form.cleaned_data["q"]:
            qs = qs.filter(title__icontains=form.cleaned_data["q"].strip())
        if form.cleaned_data["year"]:
            qs = qs.filter(work_year=form.cleaned_data["year"])
        if form.cleaned_data["state"]:
            qs = qs.filter(state=form.cleaned_data["state"])
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = {k: v for k, v in request.GET.items() if k != "page" and v}
    return form, page, urlencode(query)


def posted_ids(request, name):
    return [int(v) for v in request.POST.getlist(name) if v.isdigit()]


KIND_ORDER = {value: i for i, value in enumerate(FilingAttachment.Kind.values)}


def ordered_attachments(filing):
    """In the order the guide numbers them: (一) (二) (四) (九) 评审条件."""
    return sorted(filing.attachments.all(), key=lambda a: (KIND_ORDER.get(a.kind, 99), a.uploaded_at))


def summary(filing):
    from ..plan_times import overlaps

    items = list(filing.items.select_related("qualification__specialty__series"))
    pending = {
        c.item_id: c for c in PlanTimeChange.objects.filter(item__filing=filing, state=ChainState.IN_REVIEW)
    }
    for item in items:  # 设置时间 requests not yet accepted: shown beside the times in force
        item.pending_change = pending.get(item.pk)
    # the office (review) and the committee (step 7) see overlaps with accepted filings
    return {"items": items, "attachments": ordered_attachments(filing), "overlaps": overlaps(filing)}


def step_url(filing, n):
    return reverse("filings:step", args=[filing.pk, n])


def filing_page(request, filing, *, is_owner):
    """One filing's page, for its committee (备案 detail) and the office it was routed to (review)."""
    return render(
        request,
        "filings/filing_detail.html",
        {
            "filing": filing,
            **summary(filing),
            "can_review": filing.held_by(request.user),
            "is_owner": is_owner,
            "return_form": review_form(filing, needs_reason=True, reason_label=OPINION),
        },
    )

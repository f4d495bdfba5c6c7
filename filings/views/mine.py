"""我的备案 (the committee's list) and 备案 detail (committee and the offices it was routed to)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from ..models import Filing
from .common import (
    committee_or_404,
    committees_of,
    filing_page,
    filtered_page,
    get_filing_for_reader,
)


# ---- 我的备案 ----------------------------------------------------------------------------------------
@login_required
def mine(request):
    committee_or_404(request.user)
    qs = Filing.objects.filter(
        committee__in=committees_of(request.user), kind=Filing.Kind.PRE_REVIEW
    ).select_related("committee")
    form, page, query = filtered_page(request, qs.order_by("-created_at", "-pk"))
    return render(
        request,
        "filings/filing_list.html",
        {
            "form": form,
            "page_obj": page,
            "query_string": query,
            "offset": page.start_index() - 1 if page else 0,
        },
    )


# ---- detail (committee and offices) -----------------------------------------------------------------------
@login_required
def detail(request, pk):
    filing = get_filing_for_reader(request.user, pk)
    return filing_page(
        request, filing, is_owner=committees_of(request.user).filter(pk=filing.committee_id).exists()
    )

"""证书补发记录: the committee's re-issued certificates (from accepted 丢失申领证书批次备案),
with the state of each new PDF (rendered and signed on Celery). The filing itself is filed and
reviewed in the filings app (filings/views_lost.py)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from filings.models import LostReason

from .reissue import reissues_of
from .views import _committee_or_404

PAGE_SIZE = 20


@login_required
def reissue_list(request):
    committee = _committee_or_404(request.user)
    page = Paginator(reissues_of(committee), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "certificates/reissue_list.html",
        {"page_obj": page, "query_string": "", "reasons": dict(LostReason.choices)},
    )

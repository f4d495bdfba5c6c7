"""评审表打印 and the paper set: thin views over applications.review_form / paper_set and the
document pipeline (zhicheng.documents); the file itself is served by zhicheng's views."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from zhicheng import documents

from . import review_form
from .views import load


def progress_redirect(doc, back):
    return redirect(f"{documents.progress_url(doc)}?{urlencode({'back': back})}")


@login_required
@require_GET
def review_form_print(request, pk):
    """评审表打印 (guide 001): the progress of the newest version, then its download."""
    app = load(request, pk)
    back = request.GET.get("back") or reverse("applications:detail", args=[app.pk])
    doc = review_form.review_form_print_doc(app, by=request.user)
    if doc is None:
        messages.info(request, _("评审表在申请书上报后自动生成。"))
        return redirect(back)
    return progress_redirect(doc, back)

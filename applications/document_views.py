"""评审表打印 and the paper set: thin views over applications.review_form / paper_set and the
document pipeline (zhicheng.documents); the file itself is served by zhicheng's views."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from zhicheng import documents
from zhicheng.errors import PlatformError
from zhicheng.safety import same_site_path

from . import review_form
from .views import load


def progress_redirect(doc, back):
    return redirect(f"{documents.progress_url(doc)}?{urlencode({'back': back})}")


@login_required
@require_GET
def review_form_print(request, pk):
    """评审表打印 (guide 001): the progress of the newest version, then its download."""
    app = load(request, pk)
    back = same_site_path(request, request.GET.get("back"), reverse("applications:detail", args=[app.pk]))
    doc = review_form.review_form_print_doc(app, by=request.user)
    if doc is None:
        messages.info(request, _("评审表在申请书上报后自动生成。"))
        return redirect(back)
    return progress_redirect(doc, back)


@login_required
def paper_set(request, pk):
    """纸质材料: the four papers of guide 004, pre-filled; the 公示 papers carry the dates the base
    unit recorded on its 推荐单位公示 page (applications.views_publicity)."""
    from . import unit_publicity
    from .paper_set import LABELS, PUBLICITY, kinds_for, request_paper

    app = load(request, pk)
    kinds = kinds_for(request.user, app)
    if not kinds:
        raise Http404
    here = reverse("applications:paper-set", args=[app.pk])
    if request.method == "POST":
        try:
            docs = request_paper(app, request.POST.get("kind", ""), by=request.user)
        except PlatformError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("已提交生成：%(d)s。") % {"d": "、".join(d.kind_label for d in docs)})
            return redirect(here)
    papers = [{"kind": k, "label": LABELS[k], "document": documents.latest(app, k)} for k in kinds]
    return render(
        request,
        "applications/paper_set.html",
        {
            "app": app,
            "papers": papers,
            "publicity": unit_publicity.record_of(app) if PUBLICITY in kinds else None,
            "may_record": unit_publicity.may_record(request.user, app),
            "convention": unit_publicity.CONVENTION,
        },
    )

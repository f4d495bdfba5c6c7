"""Views of the 丢失申领证书批次备案 (committee side): 我的备案, 新增, the edit page (basic
information, the certificates to re-issue and each holder's 申请), 提交 and 删除. The title
office reviews it with the views every filing kind shares (filings.views: queue, review,
accept, return); filings.views.detail shows it after submission. Thin: parse, load, call
filings/lost.py, message + redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhicheng import files
from zhicheng.errors import PlatformError
from zhicheng.views import confirm_page

from . import lost
from .forms_lost import LostAddForm, LostBasicForm, LostCreateForm, LostRequestForm
from .models import Filing
from .views.common import committee_or_404, committees_of, filtered_page, get_filing_for_reader

PICK_PAGE_SIZE = 20


def get_lost_for_committee(user, pk):
    """A lost filing of one of the user's committees (others, and other kinds → 404)."""
    qs = Filing.objects.filter(
        committee__in=committees_of(user), kind=Filing.Kind.LOST_REISSUE
    ).select_related("committee__region")
    return get_object_or_404(qs, pk=pk)


def _edit_url(filing):
    return reverse("filings:lost-edit", args=[filing.pk])


@login_required
def lost_mine(request):
    committee_or_404(request.user)
    qs = (
        Filing.objects.filter(committee__in=committees_of(request.user), kind=Filing.Kind.LOST_REISSUE)
        .select_related("committee")
        .order_by("-created_at", "-pk")
    )
    form, page, query = filtered_page(request, qs)
    return render(
        request,
        "filings/lost_list.html",
        {"form": form, "page_obj": page, "query_string": query, "offset": page.start_index() - 1},
    )


@login_required
def lost_create(request):
    committee = committee_or_404(request.user)
    form = LostCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            filing = lost.create_lost_filing(committee, by=request.user, data=form.cleaned_data)
        except PlatformError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("备案已保存，请添加要补发的证书。"))
            return redirect(_edit_url(filing))
    return render(request, "filings/lost_new.html", {"form": form, "committee": committee})


@login_required
def lost_edit(request, pk):
    filing = get_lost_for_committee(request.user, pk)
    if not filing.is_editable:
        return redirect("filings:detail", filing.pk)
    basic = LostBasicForm(request.POST or None, initial={f: getattr(filing, f) for f in lost.BASIC_FIELDS})
    if request.method == "POST" and basic.is_valid():
        try:
            lost.update_lost_basic(filing, by=request.user, data=basic.cleaned_data)
        except PlatformError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("基本信息已保存。"))
            return redirect(_edit_url(filing))
    q = (request.GET.get("q") or "").strip()
    try:
        pickable = lost.pickable_certificates(filing, q)
    except PlatformError as exc:
        messages.error(request, str(exc))
        pickable = []
    page = Paginator(pickable, PICK_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "filings/lost_edit.html",
        {
            "filing": filing,
            "basic": basic,
            "rows": filing.lost_certificates.all(),
            "page_obj": page,
            "query_string": f"q={q}" if q else "",
            "q": q,
            "add_form": LostAddForm(),
            "request_form": LostRequestForm(),
            "returned": filing.state == Filing.State.RETURNED,
            "max_bytes": files.max_bytes("filing_attachment"),
        },
    )


def _act(request, filing, fn, done):
    try:
        result = fn()
    except PlatformError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done(result) if callable(done) else done)
    return redirect(_edit_url(filing))


@login_required
@require_POST
def lost_add(request, pk):
    filing = get_lost_for_committee(request.user, pk)
    form = LostAddForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect(_edit_url(filing))
    return _act(
        request,
        filing,
        lambda: lost.add_lost_certificates(
            filing, request.POST.getlist("numbers"), by=request.user, reason=form.cleaned_data["reason"]
        ),
        lambda n: _("已添加%d张证书。") % n,
    )


@login_required
@require_POST
def lost_remove(request, pk):
    filing = get_lost_for_committee(request.user, pk)
    ids = [int(v) for v in request.POST.getlist("rows") if v.isdigit()]
    return _act(
        request,
        filing,
        lambda: lost.remove_lost_certificates(filing, ids, by=request.user),
        lambda n: _("已移除%d张证书。") % n,
    )


@login_required
@require_POST
def lost_upload(request, pk, row):
    filing = get_lost_for_committee(request.user, pk)
    item = get_object_or_404(filing.lost_certificates, pk=row)
    form = LostRequestForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect(_edit_url(filing))
    return _act(
        request,
        filing,
        lambda: lost.upload_lost_request(item, by=request.user, upload=form.cleaned_data["file"]),
        _("申请已上传。"),
    )


@login_required
def lost_request_file(request, pk, row):
    """The 申请 of one row: the committee, or an office the filing was routed to."""
    filing = get_filing_for_reader(request.user, pk)
    item = get_object_or_404(filing.lost_certificates, pk=row)
    return files.serve(item.request_file, item.request_name, content_type="application/pdf")


@login_required
def lost_submit(request, pk):
    filing = get_lost_for_committee(request.user, pk)
    if not filing.is_editable:
        return redirect("filings:detail", filing.pk)
    if request.method == "POST" and request.POST.get("confirm") == "1":
        try:
            lost.submit_lost_filing(filing, by=request.user)
        except PlatformError as exc:
            messages.error(request, str(exc))
            return redirect(_edit_url(filing))
        messages.success(request, _("备案已提交，请等待职称办公室审核。"))
        return redirect("filings:detail", filing.pk)
    return confirm_page(
        request,
        title=_("提交丢失申领证书批次备案"),
        text=_("确认将《%(t)s》（%(n)d张证书）提交职称办公室？提交后不能修改，除非被退回。")
        % {"t": filing.title, "n": filing.lost_certificates.count()},
        button=_("确认无误我要提交"),
        cancel_url=_edit_url(filing),
    )


@login_required
def lost_delete(request, pk):
    filing = get_lost_for_committee(request.user, pk)
    if request.method == "POST" and request.POST.get("confirm") == "1":
        try:
            lost.delete_lost_filing(filing, by=request.user)
        except PlatformError as exc:
            messages.error(request, str(exc))
            return redirect("filings:lost-mine")
        messages.success(request, _("备案已删除。"))
        return redirect("filings:lost-mine")
    return confirm_page(
        request,
        title=_("删除备案"),
        text=_("确定删除备案《%s》吗？删除后无法恢复。") % filing.title,
        button=_("确认删除"),
        cancel_url=reverse("filings:lost-mine"),
    )

"""The wizard's POST actions: attachments, 评审系统用户 confirm / disable, 提交 and 删除."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhicheng import files
from zhicheng.errors import PlatformError
from zhicheng.views import confirm_page

from .. import services
from ..forms import AttachmentForm
from .common import editable_or_redirect, get_filing_for_committee, get_filing_for_reader, step_url


# ---- wizard actions (POST only) -------------------------------------------------------------------------
@login_required
@require_POST
def upload_attachment(request, pk):
    filing = get_filing_for_committee(request.user, pk)
    form = AttachmentForm(request.POST, request.FILES)
    wants_json = request.headers.get("x-requested-with") == "XMLHttpRequest"
    message = None
    if form.is_valid():
        try:
            services.add_attachment(
                filing, by=request.user, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"]
            )
        except PlatformError as exc:
            message = str(exc)
    else:
        message = " ".join(e for errs in form.errors.values() for e in errs)
    if wants_json:
        return JsonResponse(
            {"ok": message is None, "message": message or _("上传成功。")},
            status=200 if message is None else 400,
        )
    if message:
        messages.error(request, message)
    else:
        messages.success(request, _("上传成功。"))
    return redirect(step_url(filing, 6))


@login_required
@require_POST
def delete_attachment(request, pk, att):
    filing = get_filing_for_committee(request.user, pk)
    attachment = get_object_or_404(filing.attachments, pk=att)
    try:
        services.delete_attachment(attachment, by=request.user)
    except PlatformError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已删除附件。"))
    return redirect(step_url(filing, 6))


@login_required
def download_attachment(request, pk, att):
    filing = get_filing_for_reader(request.user, pk)
    attachment = get_object_or_404(filing.attachments, pk=att)
    return files.serve(attachment.file, attachment.original_name, content_type="application/pdf")


def _member_user(filing, user_pk):
    return get_object_or_404(get_user_model(), pk=user_pk, memberships__organisation=filing.committee)


def _member_action(request, pk, user_pk, act, done):
    """Step 5 (本单位用户): `act(committee, member, by=…)` on one of the committee's users, then back."""
    filing = get_filing_for_committee(request.user, pk)
    member = _member_user(filing, user_pk)
    try:
        act(filing.committee, member, by=request.user)
    except PlatformError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done % member.display_name)
    return redirect(step_url(filing, 5))


@login_required
@require_POST
def confirm_user(request, pk, user_pk):
    return _member_action(request, pk, user_pk, services.confirm_user_info, _("已确认用户【%s】的信息。"))


@login_required
@require_POST
def disable_user(request, pk, user_pk):
    return _member_action(request, pk, user_pk, services.disable_member, _("已禁用用户【%s】。"))


@login_required
@require_POST
def submit(request, pk):
    """【确认无误我要提交】 — the step-7 page, with its warning, is the confirm step."""
    filing = get_filing_for_committee(request.user, pk)
    try:
        services.submit_filing(filing, by=request.user)
    except PlatformError as exc:
        messages.error(request, str(exc))
        return redirect(step_url(filing, 7) if filing.is_editable else reverse("filings:detail", args=[pk]))
    messages.success(request, _("备案已提交，请等待职称办公室审核。"))
    return redirect("filings:detail", pk)


@login_required
def delete(request, pk):
    filing = get_filing_for_committee(request.user, pk)
    if (resp := editable_or_redirect(request, filing)) is not None:
        return resp
    if request.method == "POST":
        try:
            services.delete_filing(filing, by=request.user)
        except PlatformError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("备案已删除。"))
        return redirect("filings:mine")
    return confirm_page(
        request,
        title=_("删除备案"),
        text=_("确定删除备案《%s》吗？删除后无法恢复。") % filing.title,
        button=_("确认删除"),
        cancel_url=reverse("filings:mine"),
        hidden={},
    )

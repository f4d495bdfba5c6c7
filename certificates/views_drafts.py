"""编辑批文: the drafting committee edits a draft or returned 批文 (title, body, 授予时间) and
removes people from its list before sending it. Thin: load (others → 404), call
certificates/drafts.py, message + redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.constants import OrgKind
from zhicheng.errors import PlatformError
from zhicheng.views import confirm_page

from . import drafts
from .forms import ApprovalEditForm
from .models import Approval


def get_draft_for_committee(user, pk):
    """A 批文 of one of the user's committees (others → 404); a sent one cannot be edited (→ 404)."""
    qs = Approval.objects.filter(committee__in=user.organisations(OrgKind.COMMITTEE)).select_related(
        "committee", "filing"
    )
    approval = get_object_or_404(qs, pk=pk)
    if not approval.is_editable:
        raise Http404
    return approval


@login_required
def approval_edit(request, pk):
    approval = get_draft_for_committee(request.user, pk)
    form = ApprovalEditForm(
        request.POST or None,
        initial={"title": approval.title, "body": approval.body, "granted_on": approval.granted_on},
    )
    if request.method == "POST" and form.is_valid():
        try:
            drafts.update_approval(approval, by=request.user, **form.cleaned_data)
        except PlatformError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("批文已保存。"))
            return redirect("certificates:approval-detail", approval.pk)
    entries = approval.entries.select_related(
        "application__applicant", "application__base_unit", "application__qualification__specialty__series"
    ).order_by("order", "pk")
    return render(
        request,
        "certificates/approval_edit.html",
        {"approval": approval, "form": form, "entries": entries},
    )


@login_required
def approval_entry_remove(request, pk, entry):
    approval = get_draft_for_committee(request.user, pk)
    item = get_object_or_404(approval.entries.select_related("application__applicant"), pk=entry)
    edit_url = reverse("certificates:approval-edit", args=[approval.pk])
    if request.method == "POST" and request.POST.get("confirm") == "1":
        try:
            drafts.remove_entry(approval, item.pk, by=request.user)
        except PlatformError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("已将%s移出批文名单。") % item.application.applicant.real_name)
        return redirect(edit_url)
    return confirm_page(
        request,
        title=_("移出批文名单"),
        text=_("确认将%(name)s移出批文《%(number)s》的名单？移出后可列入其他批文，不能再加回本批文。")
        % {"name": item.application.applicant.real_name, "number": approval.number},
        button=_("确认移出"),
        cancel_url=edit_url,
    )

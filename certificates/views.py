"""Committee and title-office views of 批文, certificate batches and revocations: thin — load
the one object the user may see (stranger → 404), call a service, message + redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.constants import OrgKind
from filings.models import Filing
from zhicheng.errors import PlatformError
from zhicheng.permissions import guardian_visible
from zhicheng.review import review_action, review_form
from zhicheng.views import confirm_page
from zhicheng.workflow import ChainState

from . import services
from .candidates import eligible_candidates
from .forms import ApprovalDraftForm, RevocationForm
from .models import Approval, Certificate, IssueBatch, Revocation

OPINION = gettext_lazy("办理意见")


# ---- loaders --------------------------------------------------------------------------------------
def _committee_or_404(user):
    committee = user.primary_organisation(OrgKind.COMMITTEE)
    if committee is None:
        raise Http404
    return committee


def _offices(user):
    return user.organisations(OrgKind.TITLE_OFFICE)


def get_approval_for(user, pk):
    """Its committee, or an office the 批文 was routed to (guardian view right)."""
    routed = guardian_visible(user, Approval.objects.all()).values("pk")
    qs = Approval.objects.filter(
        Q(committee__in=user.organisations(OrgKind.COMMITTEE)) | Q(pk__in=routed)
    ).select_related("committee", "filing", "current_org")
    return get_object_or_404(qs, pk=pk)


def get_revocation_for(user, pk):
    routed = guardian_visible(user, Revocation.objects.all()).values("pk")
    qs = Revocation.objects.filter(
        Q(certificate__approval__committee__in=user.organisations(OrgKind.COMMITTEE)) | Q(pk__in=routed)
    ).select_related("certificate__approval__committee", "current_org")
    return get_object_or_404(qs, pk=pk)


# ---- 批文 (committee) ---------------------------------------------------------------------------------
@login_required
def approval_list(request):
    committee = _committee_or_404(request.user)
    approvals = (
        Approval.objects.filter(committee=committee)
        .select_related("batch", "current_org")
        .order_by("-created_at", "-pk")[:200]
    )
    return render(
        request,
        "certificates/approval_list.html",
        {
            "committee": committee,
            "approvals": approvals,
            "candidate_count": eligible_candidates(committee).count(),
        },
    )


@login_required
def approval_new(request):
    committee = _committee_or_404(request.user)
    filings = Filing.objects.filter(committee=committee, state=ChainState.ACCEPTED).order_by(
        "-work_year", "-pk"
    )
    filing_id = request.POST.get("filing") or request.GET.get("filing")
    if str(filing_id or "").isdigit():
        filing = filings.filter(pk=filing_id).first()
    else:  # the newest 备案 that has someone waiting for a 批文 (a meeting's own 备案 may have none)
        waiting = eligible_candidates(committee).order_by().values("filing_item__filing_id")
        filing = filings.filter(pk__in=waiting).first() or filings.first()
    candidates = list(eligible_candidates(committee, filing)) if filing else []
    form = ApprovalDraftForm(
        request.POST if request.method == "POST" and "draft" in request.POST else None,
        filings=filings,
        candidates=candidates,
        initial={"filing": filing, "applications": [str(a.pk) for a in candidates]},
    )
    if form.is_bound and form.is_valid():
        try:
            approval = services.draft_approval(
                committee,
                by=request.user,
                filing=form.cleaned_data["filing"],
                application_ids=form.cleaned_data["applications"],
                granted_on=form.cleaned_data["granted_on"],
                body=form.cleaned_data["body"],
            )
        except PlatformError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("批文已起草：%s") % approval.number)
            return redirect("certificates:approval-detail", approval.pk)
    return render(
        request,
        "certificates/approval_new.html",
        {"form": form, "filing": filing, "candidates": candidates, "filings": filings},
    )


@login_required
def approval_detail(request, pk):
    approval = get_approval_for(request.user, pk)
    entries = approval.entries.select_related(
        "application__applicant", "application__base_unit", "application__qualification__specialty__series"
    )
    batch = IssueBatch.objects.filter(approval=approval).first()
    is_committee = request.user.organisations(OrgKind.COMMITTEE).filter(pk=approval.committee_id).exists()
    return render(
        request,
        "certificates/approval_detail.html",
        {
            "approval": approval,
            "entries": entries,
            "batch": batch,
            "is_committee": is_committee,
            "can_review": approval.held_by(request.user),
            "nodes": approval.chain_nodes(),
            "steps": approval.flow_steps(),
        },
    )


@login_required
def approval_submit(request, pk):
    approval = get_approval_for(request.user, pk)
    if not request.user.organisations(OrgKind.COMMITTEE).filter(pk=approval.committee_id).exists():
        raise PermissionDenied  # the title office reads the 批文; only its committee 报送
    if approval.state not in (ChainState.DRAFT, ChainState.RETURNED):
        messages.info(request, _("该批文已报送，不能重复报送。"))
        return redirect("certificates:approval-detail", pk)
    if request.method == "POST":
        try:
            services.submit_approval(approval, by=request.user)
        except PlatformError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("批文已报送职称办公室。"))
        return redirect("certificates:approval-detail", pk)
    return confirm_page(
        request,
        title=_("报送批文"),
        text=_("确认将批文《%s》报送职称办公室审批？报送后不能修改。") % approval.title,
        button=_("报送"),
        cancel_url=reverse("certificates:approval-detail", args=[pk]),
    )


def _office_review(request, obj, detail, **kwargs):
    """批准 / 退回 / 驳回 by the title office (批文 and 撤销申请): the object's page before and after,
    a stale link back to the office queue."""
    url = reverse(detail, args=[obj.pk])
    return review_action(
        request, obj, review_url=url, done_url=url, queue_url=reverse("certificates:office-queue"), **kwargs
    )


@login_required
def approval_approve(request, pk):
    approval = get_approval_for(request.user, pk)
    return _office_review(
        request,
        approval,
        "certificates:approval-detail",
        act=lambda step_id, reason: services.approve_approval(
            approval, by=request.user, expected_step_id=step_id, opinion=reason
        ),
        title=_("批准批文"),
        confirm_text=_("确认批准《%s》？批准后将为名单中的每位人员签发电子证书。") % approval.title,
        button=_("批准"),
        done_message=_("批文已批准，电子证书开始签发。"),
    )


@login_required
def approval_return(request, pk):
    approval = get_approval_for(request.user, pk)
    return _office_review(
        request,
        approval,
        "certificates:approval-detail",
        act=lambda step_id, reason: services.return_approval(
            approval, by=request.user, expected_step_id=step_id, opinion=reason
        ),
        title=_("退回批文"),
        confirm_text=_("确认将《%s》退回评审机构？") % approval.title,
        button=_("退回"),
        done_message=_("批文已退回评审机构。"),
        needs_reason=True,
        reason_label=OPINION,
        form_page=lambda form: render(
            request, "certificates/approval_return.html", {"approval": approval, "form": form}
        ),
    )


@login_required
def batch_status(request, pk):
    approval = get_approval_for(request.user, pk)
    batch = IssueBatch.objects.filter(approval=approval).first()
    if batch is None:
        return JsonResponse({"state": "none", "done": 0, "total": 0, "percent": 0})
    return JsonResponse(
        {
            "state": batch.state,
            "label": batch.get_state_display(),
            "done": batch.done,
            "total": batch.total,
            "percent": batch.percent,
            "error": batch.error,
        }
    )


@login_required
def approval_pdf(request, pk):
    approval = get_approval_for(request.user, pk)
    if not approval.pdf:
        raise Http404
    return FileResponse(
        approval.pdf.open("rb"), content_type="application/pdf", filename=f"{approval.number}.pdf"
    )


# ---- certificates of a committee, revocation -------------------------------------------------------------
@login_required
def issued_list(request):
    committee = _committee_or_404(request.user)
    q = (request.GET.get("q") or "").strip()
    certs = Certificate.objects.filter(approval__committee=committee)
    if q:
        certs = certs.filter(Q(number__iexact=q) | Q(name__contains=q) | Q(approval_number__contains=q))
    return render(
        request,
        "certificates/issued_list.html",
        {"certificates": certs.order_by("-issued_at", "-pk")[:200], "q": q},
    )


@login_required
def revoke_request(request, pk):
    committee = _committee_or_404(request.user)
    cert = get_object_or_404(Certificate, pk=pk, approval__committee=committee)
    form = RevocationForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and request.POST.get("confirm") == "1":
        try:
            services.request_revocation(cert, by=request.user, reason=form.cleaned_data["reason"])
        except PlatformError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("撤销申请已报送职称办公室审核。"))
        return redirect("certificates:issued")
    return render(request, "certificates/revoke_request.html", {"cert": cert, "form": form})


# ---- the title office -----------------------------------------------------------------------------------
@login_required
def office_queue(request):
    offices = list(_offices(request.user))
    if not offices:
        raise Http404
    todo = Q(state=ChainState.IN_REVIEW, current_org__in=offices)
    approvals = (
        guardian_visible(request.user, Approval.objects.all())
        .filter(todo | ~Q(state=ChainState.IN_REVIEW))
        .select_related("committee")
        .order_by("-submitted_at", "-pk")[:200]
    )
    revocations = (
        guardian_visible(request.user, Revocation.objects.all())
        .select_related("certificate", "certificate__approval__committee")
        .order_by("-submitted_at", "-pk")[:200]
    )
    return render(
        request, "certificates/office_queue.html", {"approvals": approvals, "revocations": revocations}
    )


@login_required
def revocation_detail(request, pk):
    revocation = get_revocation_for(request.user, pk)
    return render(
        request,
        "certificates/revocation_detail.html",
        {
            "revocation": revocation,
            "cert": revocation.certificate,
            "can_review": revocation.held_by(request.user),
            "form": review_form(revocation, needs_reason=True, reason_label=OPINION),
            "steps": revocation.flow_steps(),
        },
    )


@login_required
def revocation_approve(request, pk):
    revocation = get_revocation_for(request.user, pk)
    return _office_review(
        request,
        revocation,
        "certificates:revocation-detail",
        act=lambda step_id, reason: services.approve_revocation(
            revocation, by=request.user, expected_step_id=step_id, opinion=reason
        ),
        title=_("批准撤销"),
        confirm_text=_("确认撤销证书 %s？撤销后证书查询和验证页面立即显示“已撤销”及原因。")
        % revocation.certificate.number,
        button=_("批准撤销"),
        done_message=_("已批准撤销，证书查询即时显示已撤销。"),
    )


@login_required
@require_POST
def revocation_reject(request, pk):
    revocation = get_revocation_for(request.user, pk)
    return _office_review(
        request,
        revocation,
        "certificates:revocation-detail",
        act=lambda step_id, reason: services.reject_revocation(
            revocation, by=request.user, expected_step_id=step_id, opinion=reason
        ),
        title=_("驳回撤销申请"),
        confirm_text=_("确认驳回撤销证书 %s 的申请？") % revocation.certificate.number,
        button=_("驳回"),
        done_message=_("已驳回撤销申请，证书仍然有效。"),
        needs_reason=True,
        reason_label=OPINION,
    )

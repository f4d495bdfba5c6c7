"""The 新增评审工作事前备案 wizard: step 1 creates the filing, steps 1–7 are opened in order."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zhicheng import files
from zhicheng.errors import PlatformError

from .. import services
from ..forms import AttachmentForm, BasicInfoForm, NoticeForm, PlanTimesForm
from ..models import FilingAttachment
from .common import (
    committee_or_404,
    editable_or_redirect,
    get_filing_for_committee,
    ordered_attachments,
    posted_ids,
    step_url,
    summary,
)


# ---- the wizard -------------------------------------------------------------------------------------
def _wizard_context(filing, step, **extra):
    return {
        "filing": filing,
        "step": step,
        "steps": services.WIZARD_STEPS,
        "reached": (filing.wizard_step + 1) if filing else 1,
        "returned_step": services.latest_return(filing) if filing else None,
        **extra,
    }


def _guard_step(filing, n):
    """Steps are opened in order: a step past the first incomplete one is not reachable yet."""
    first_open = min(filing.wizard_step + 1, services.LAST_STEP)
    return None if n <= first_open else redirect(step_url(filing, first_open))


@login_required
def create(request):
    """Step 1 of a new filing (【新增评审工作事前备案】)."""
    committee = committee_or_404(request.user)
    form = BasicInfoForm(request.POST or None, committee=committee)
    if request.method == "POST" and form.is_valid():
        try:
            filing = services.create_filing(committee, by=request.user, data=form.cleaned_data)
        except PlatformError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("基本信息已保存。"))
            return redirect(step_url(filing, 2))
    return render(
        request,
        "filings/wizard_basic.html",
        _wizard_context(None, 1, form=form, committee=committee, contact_data=form.contact_data),
    )


@login_required
def step(request, pk, n):
    filing = get_filing_for_committee(request.user, pk)
    if (resp := editable_or_redirect(request, filing)) is not None:
        return resp
    if n not in STEP_VIEWS:
        raise Http404
    if (resp := _guard_step(filing, n)) is not None:
        return resp
    return STEP_VIEWS[n](request, filing)


def _complete_and_next(request, filing, n):
    try:
        services.complete_step(filing, n, by=request.user)
    except PlatformError as exc:
        return str(exc)
    return None


def _step_basic(request, filing):
    form = BasicInfoForm(
        request.POST or None,
        committee=filing.committee,
        filing=filing,
        initial={
            **{f: getattr(filing, f) for f in services.BASIC_FIELDS},
            "work_year": filing.work_year,
            "level": filing.level,
            "contact_user": filing.contact_user_id,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_basic(filing, by=request.user, data=form.cleaned_data)
        except PlatformError as exc:
            messages.error(request, str(exc))
        else:
            return redirect(step_url(filing, 2))
    return render(
        request,
        "filings/wizard_basic.html",
        _wizard_context(filing, 1, form=form, committee=filing.committee, contact_data=form.contact_data),
    )


def _step_qualifications(request, filing):
    errors = []
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "add":
                count = services.add_qualifications(filing, posted_ids(request, "add"), by=request.user)
                messages.success(request, _("已添加%d个资格。") % count)
            elif action == "remove":
                count = services.remove_qualifications(filing, posted_ids(request, "remove"), by=request.user)
                messages.success(request, _("已删除%d个资格。") % count)
            elif action == "next":
                services.complete_step(filing, 2, by=request.user)
                return redirect(step_url(filing, 3))
            return redirect(step_url(filing, 2))
        except PlatformError as exc:
            errors.append(str(exc))
    chosen = [i.qualification for i in filing.items.select_related("qualification__specialty__series")]
    chosen_ids = {q.pk for q in chosen}
    available = [
        q
        for q in services.reviewable_qualifications(filing.committee, filing.level)
        if q.pk not in chosen_ids
    ]
    return render(
        request,
        "filings/wizard_qualifications.html",
        _wizard_context(
            filing,
            2,
            chosen_tree=services.qualification_tree(chosen),
            available_tree=services.qualification_tree(available),
            step_errors=errors,
        ),
    )


def _step_times(request, filing):
    errors, error_form, error_item = [], None, None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "next":
            problem = _complete_and_next(request, filing, 3)
            if problem is None:
                return redirect(step_url(filing, 4))
            errors.append(problem)
        else:
            form = PlanTimesForm(request.POST)
            if form.is_valid():
                item = form.cleaned_data["item"]
                try:
                    count = services.set_plan_times(
                        filing,
                        by=request.user,
                        start=form.cleaned_data["apply_start"],
                        end=form.cleaned_data["apply_end"],
                        meeting=form.cleaned_data["meeting_date"],
                        approval=form.cleaned_data["approval_date"],
                        item_ids=[item] if item else None,
                    )
                except PlatformError as exc:
                    errors.append(str(exc))
                else:
                    messages.success(request, _("已设置%d个资格的计划时间。") % count)
                    return redirect(step_url(filing, 3))
            error_form, error_item = form, (form.data.get("item") or "all")
    items = list(filing.items.select_related("qualification__specialty__series"))
    rows = []
    for item in items:
        if error_item == str(item.pk):
            rows.append((item, error_form))
        else:
            rows.append(
                (
                    item,
                    PlanTimesForm(
                        initial={
                            "item": item.pk,
                            "apply_start": item.apply_start,
                            "apply_end": item.apply_end,
                            "meeting_date": item.meeting_date,
                            "approval_date": item.approval_date,
                        },
                        prefix=f"i{item.pk}",
                    ),
                )
            )
    batch_form = error_form if error_item == "all" else PlanTimesForm(prefix="all")
    return render(
        request,
        "filings/wizard_times.html",
        _wizard_context(
            filing,
            3,
            rows=rows,
            batch_form=batch_form,
            step_errors=errors,
            error_item=error_item,
        ),
    )


def _step_notice(request, filing):
    initial = {"notice_title": filing.notice_title, "notice_html": filing.notice_html}
    form = NoticeForm(request.POST or None, initial=initial)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "prev":
            # keep what is valid; a missing field does not stop going back, a bad one (too long …) does
            valid = form.is_valid()
            if valid or all(e.code == "required" for errs in form.errors.as_data().values() for e in errs):
                services.save_notice(
                    filing,
                    by=request.user,
                    title=form.cleaned_data.get("notice_title", filing.notice_title),
                    html=form.cleaned_data.get("notice_html", filing.notice_html),
                )
                return redirect(step_url(filing, 3))
            return render(request, "filings/wizard_notice.html", _wizard_context(filing, 4, form=form))
        if form.is_valid():
            filing = services.save_notice(
                filing,
                by=request.user,
                title=form.cleaned_data["notice_title"],
                html=form.cleaned_data["notice_html"],
            )
            problem = _complete_and_next(request, filing, 4)
            if problem is None:
                return redirect(step_url(filing, 5))
            form.add_error("notice_html", problem)
    return render(request, "filings/wizard_notice.html", _wizard_context(filing, 4, form=form))


def _step_users(request, filing):
    errors = []
    if request.method == "POST" and request.POST.get("action") == "next":
        problem = _complete_and_next(request, filing, 5)
        if problem is None:
            return redirect(step_url(filing, 6))
        errors.append(problem)
    stale_ids = set(services.stale_members(filing.committee).values_list("pk", flat=True))
    members = list(services.committee_users(filing.committee))
    return render(
        request,
        "filings/wizard_users.html",
        _wizard_context(
            filing,
            5,
            members=members,
            stale_ids=stale_ids,
            step_errors=errors,
        ),
    )


def _step_attachments(request, filing):
    errors = []
    if request.method == "POST" and request.POST.get("action") == "next":
        problem = _complete_and_next(request, filing, 6)
        if problem is None:
            return redirect(step_url(filing, 7))
        errors.append(problem)
    return render(
        request,
        "filings/wizard_attachments.html",
        _wizard_context(
            filing,
            6,
            form=AttachmentForm(),
            attachments=ordered_attachments(filing),
            kinds=FilingAttachment.Kind.choices,
            required_kinds=FilingAttachment.REQUIRED,
            step_errors=errors,
            max_bytes=files.max_bytes("filing_attachment"),
        ),
    )


def _step_confirm(request, filing):
    return render(request, "filings/wizard_confirm.html", _wizard_context(filing, 7, **summary(filing)))


STEP_VIEWS = {
    1: _step_basic,
    2: _step_qualifications,
    3: _step_times,
    4: _step_notice,
    5: _step_users,
    6: _step_attachments,
    7: _step_confirm,
}

"""Views of 评审工作事前备案: thin — parse, load the one object the user may see (stranger → 404),
call a service from filings/services.py, message + redirect."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.constants import OrgKind
from accounts.models import Organisation
from zhicheng import files
from zhicheng.errors import PlatformError
from zhicheng.permissions import guardian_visible
from zhicheng.review import review_action, review_form
from zhicheng.views import confirm_page
from zhicheng.workflow import ChainState

from . import services
from .forms import AttachmentForm, BasicInfoForm, ListFilterForm, NoticeForm, PlanTimesForm
from .models import Filing, FilingAttachment, PlanTimeChange, Qualification, ReviewableQualification

PAGE_SIZE = 15


# ---- loaders: one per kind of access ------------------------------------------------------------
def _committees(user):
    return user.organisations(OrgKind.COMMITTEE)


OPINION = gettext_lazy("办理意见")


def _offices(user):
    return user.organisations(OrgKind.TITLE_OFFICE)


def _committee_or_404(user):
    committee = user.primary_organisation(OrgKind.COMMITTEE)
    if committee is None:
        raise Http404
    return committee


def get_filing_for_committee(user, pk):
    """A filing of one of the user's committees (others → 404)."""
    # 评审会议备案 are edited from their meeting (meetings app), never in this wizard
    qs = Filing.objects.filter(committee__in=_committees(user), kind=Filing.Kind.PRE_REVIEW).select_related(
        "committee__region"
    )
    return get_object_or_404(qs, pk=pk)


def get_filing_for_reader(user, pk):
    """Its committee, or an office the filing was routed to (guardian view right), may read it."""
    routed = guardian_visible(user, Filing.objects.all()).values("pk")
    qs = Filing.objects.filter(Q(committee__in=_committees(user)) | Q(pk__in=routed)).select_related(
        "committee__region", "current_org"
    )
    return get_object_or_404(qs, pk=pk)


def get_filing_for_office(user, pk):
    """A filing routed to one of the user's title offices (others → 404)."""
    if not _offices(user).exists():
        raise Http404
    routed = guardian_visible(user, Filing.objects.all()).values("pk")
    return get_object_or_404(Filing.objects.filter(pk__in=routed).select_related("committee__region"), pk=pk)


def _editable_or_redirect(request, filing):
    if filing.is_editable:
        return None
    messages.info(request, _("备案已提交，无法修改。"))
    return redirect("filings:detail", filing.pk)


def _filtered(request, qs):
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


# ---- 我的备案 ----------------------------------------------------------------------------------------
@login_required
def mine(request):
    _committee_or_404(request.user)
    qs = Filing.objects.filter(
        committee__in=_committees(request.user), kind=Filing.Kind.PRE_REVIEW
    ).select_related("committee")
    form, page, query = _filtered(request, qs.order_by("-created_at", "-pk"))
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


def _step_url(filing, n):
    return reverse("filings:step", args=[filing.pk, n])


def _guard_step(filing, n):
    """Steps are opened in order: a step past the first incomplete one is not reachable yet."""
    first_open = min(filing.wizard_step + 1, services.LAST_STEP)
    return None if n <= first_open else redirect(_step_url(filing, first_open))


@login_required
def create(request):
    """Step 1 of a new filing (【新增评审工作事前备案】)."""
    committee = _committee_or_404(request.user)
    form = BasicInfoForm(request.POST or None, committee=committee)
    if request.method == "POST" and form.is_valid():
        try:
            filing = services.create_filing(committee, by=request.user, data=form.cleaned_data)
        except PlatformError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("基本信息已保存。"))
            return redirect(_step_url(filing, 2))
    return render(
        request,
        "filings/wizard_basic.html",
        _wizard_context(None, 1, form=form, committee=committee, contact_data=form.contact_data),
    )


@login_required
def step(request, pk, n):
    filing = get_filing_for_committee(request.user, pk)
    if (resp := _editable_or_redirect(request, filing)) is not None:
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
            return redirect(_step_url(filing, 2))
    return render(
        request,
        "filings/wizard_basic.html",
        _wizard_context(filing, 1, form=form, committee=filing.committee, contact_data=form.contact_data),
    )


def _ids(request, name):
    return [int(v) for v in request.POST.getlist(name) if v.isdigit()]


def _step_qualifications(request, filing):
    errors = []
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "add":
                count = services.add_qualifications(filing, _ids(request, "add"), by=request.user)
                messages.success(request, _("已添加%d个资格。") % count)
            elif action == "remove":
                count = services.remove_qualifications(filing, _ids(request, "remove"), by=request.user)
                messages.success(request, _("已删除%d个资格。") % count)
            elif action == "next":
                services.complete_step(filing, 2, by=request.user)
                return redirect(_step_url(filing, 3))
            return redirect(_step_url(filing, 2))
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
                return redirect(_step_url(filing, 4))
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
                    return redirect(_step_url(filing, 3))
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
                return redirect(_step_url(filing, 3))
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
                return redirect(_step_url(filing, 5))
            form.add_error("notice_html", problem)
    return render(request, "filings/wizard_notice.html", _wizard_context(filing, 4, form=form))


def _step_users(request, filing):
    errors = []
    if request.method == "POST" and request.POST.get("action") == "next":
        problem = _complete_and_next(request, filing, 5)
        if problem is None:
            return redirect(_step_url(filing, 6))
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
            return redirect(_step_url(filing, 7))
        errors.append(problem)
    return render(
        request,
        "filings/wizard_attachments.html",
        _wizard_context(
            filing,
            6,
            form=AttachmentForm(),
            attachments=_attachments(filing),
            kinds=FilingAttachment.Kind.choices,
            required_kinds=FilingAttachment.REQUIRED,
            step_errors=errors,
            max_bytes=files.max_bytes("filing_attachment"),
        ),
    )


def _step_confirm(request, filing):
    return render(request, "filings/wizard_confirm.html", _wizard_context(filing, 7, **_summary(filing)))


STEP_VIEWS = {
    1: _step_basic,
    2: _step_qualifications,
    3: _step_times,
    4: _step_notice,
    5: _step_users,
    6: _step_attachments,
    7: _step_confirm,
}


KIND_ORDER = {value: i for i, value in enumerate(FilingAttachment.Kind.values)}


def _attachments(filing):
    """In the order the guide numbers them: (一) (二) (四) (九) 评审条件."""
    return sorted(filing.attachments.all(), key=lambda a: (KIND_ORDER.get(a.kind, 99), a.uploaded_at))


def _summary(filing):
    from .plan_times import overlaps

    items = list(filing.items.select_related("qualification__specialty__series"))
    pending = {
        c.item_id: c for c in PlanTimeChange.objects.filter(item__filing=filing, state=ChainState.IN_REVIEW)
    }
    for item in items:  # 设置时间 requests not yet accepted: shown beside the times in force
        item.pending_change = pending.get(item.pk)
    # the office (review) and the committee (step 7) see overlaps with accepted filings
    return {"items": items, "attachments": _attachments(filing), "overlaps": overlaps(filing)}


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
    return redirect(_step_url(filing, 6))


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
    return redirect(_step_url(filing, 6))


@login_required
def download_attachment(request, pk, att):
    filing = get_filing_for_reader(request.user, pk)
    attachment = get_object_or_404(filing.attachments, pk=att)
    return files.serve(attachment.file, attachment.original_name, content_type="application/pdf")


def _member_user(filing, user_pk):
    return get_object_or_404(get_user_model(), pk=user_pk, memberships__organisation=filing.committee)


@login_required
@require_POST
def confirm_user(request, pk, user_pk):
    filing = get_filing_for_committee(request.user, pk)
    member = _member_user(filing, user_pk)
    try:
        services.confirm_user_info(filing.committee, member, by=request.user)
    except PlatformError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已确认用户【%s】的信息。") % member.display_name)
    return redirect(_step_url(filing, 5))


@login_required
@require_POST
def disable_user(request, pk, user_pk):
    filing = get_filing_for_committee(request.user, pk)
    member = _member_user(filing, user_pk)
    try:
        services.disable_member(filing.committee, member, by=request.user)
    except PlatformError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已禁用用户【%s】。") % member.display_name)
    return redirect(_step_url(filing, 5))


@login_required
@require_POST
def submit(request, pk):
    """【确认无误我要提交】 — the step-7 page, with its warning, is the confirm step."""
    filing = get_filing_for_committee(request.user, pk)
    try:
        services.submit_filing(filing, by=request.user)
    except PlatformError as exc:
        messages.error(request, str(exc))
        return redirect(_step_url(filing, 7) if filing.is_editable else reverse("filings:detail", args=[pk]))
    messages.success(request, _("备案已提交，请等待职称办公室审核。"))
    return redirect("filings:detail", pk)


@login_required
def delete(request, pk):
    filing = get_filing_for_committee(request.user, pk)
    if (resp := _editable_or_redirect(request, filing)) is not None:
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


# ---- detail (committee and offices) -----------------------------------------------------------------------
@login_required
def detail(request, pk):
    filing = get_filing_for_reader(request.user, pk)
    return render(
        request,
        "filings/filing_detail.html",
        {
            "filing": filing,
            **_summary(filing),
            "can_review": filing.held_by(request.user),
            "is_owner": _committees(request.user).filter(pk=filing.committee_id).exists(),
            "return_form": review_form(filing, needs_reason=True, reason_label=OPINION),
        },
    )


# ---- the offices: queue, 退回 / 接收 -----------------------------------------------------------------------
@login_required
def queue(request):
    offices = list(_offices(request.user))
    if not offices:
        raise Http404
    tab = request.GET.get("tab", "todo")
    if tab == "all":
        qs = guardian_visible(request.user, Filing.objects.all())
    else:
        qs = Filing.objects.filter(state=ChainState.IN_REVIEW, current_org__in=offices)
    qs = qs.select_related("committee").order_by("-submitted_at", "-pk")
    form, page, query = _filtered(request, qs)
    return render(
        request,
        "filings/office_queue.html",
        {
            "form": form,
            "page_obj": page,
            "query_string": query,
            "tab": tab,
            "offset": page.start_index() - 1 if page else 0,
        },
    )


@login_required
def review(request, pk):
    filing = get_filing_for_office(request.user, pk)
    return render(
        request,
        "filings/filing_detail.html",
        {
            "filing": filing,
            **_summary(filing),
            "can_review": filing.held_by(request.user),
            "is_owner": False,
            "return_form": review_form(filing, needs_reason=True, reason_label=OPINION),
        },
    )


@login_required
def send_back(request, pk):
    filing = get_filing_for_office(request.user, pk)
    return review_action(
        request,
        filing,
        act=lambda step_id, reason: services.return_filing(
            filing, by=request.user, expected_step_id=step_id, opinion=reason
        ),
        title=_("退回备案"),
        confirm_text=_("将《%(t)s》退回%(c)s？") % {"t": filing.title, "c": filing.committee.name},
        button=_("确认退回"),
        review_url=reverse("filings:review", args=[pk]),
        queue_url=reverse("filings:queue"),
        done_url=reverse("filings:review", args=[pk]),
        done_message=_("备案已退回评审机构。"),
        needs_reason=True,
        reason_label=OPINION,
        form_page=lambda form: render(
            request, "filings/office_return.html", {"filing": filing, "form": form}
        ),
    )


@login_required
def accept(request, pk):
    filing = get_filing_for_office(request.user, pk)
    return review_action(
        request,
        filing,
        act=lambda step_id, reason: services.accept_filing(filing, by=request.user, expected_step_id=step_id),
        title=_("接收备案"),
        confirm_text=_("确认接收《%s》？接收后所备案资格将按计划时间开放申报。") % filing.title,
        button=_("接收"),
        review_url=reverse("filings:review", args=[pk]),
        queue_url=reverse("filings:queue"),
        done_url=reverse("filings:review", args=[pk]),
        done_message=_("已接收材料。"),
    )


# ---- 可评审专业 (offices) ---------------------------------------------------------------------------------
@login_required
def reviewable(request):
    office = request.user.primary_organisation(OrgKind.TITLE_OFFICE)
    if office is None:
        raise Http404
    committees = list(services.committees_in_area(office))
    committee = None
    chosen = request.POST.get("committee") or request.GET.get("committee") or ""
    if chosen and not chosen.isdigit():
        raise Http404
    if chosen:
        committee = get_object_or_404(Organisation, pk=chosen, pk__in=[c.pk for c in committees])
    if request.method == "POST" and committee is not None:
        try:
            count = services.set_reviewable(
                committee, _ids(request, "qualification"), by=request.user, office=office
            )
        except PlatformError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("已保存：%(name)s可评审%(count)d个资格。") % {"name": committee.name, "count": count},
            )
        return redirect(f"{reverse('filings:reviewable')}?committee={committee.pk}")
    tree, current = [], set()
    if committee is not None:
        quals = Qualification.objects.filter(is_active=True).select_related("specialty__series")
        tree = services.qualification_tree(quals)
        current = set(
            ReviewableQualification.objects.filter(committee=committee).values_list(
                "qualification_id", flat=True
            )
        )
    return render(
        request,
        "filings/reviewable.html",
        {
            "office": office,
            "committees": committees,
            "committee": committee,
            "tree": tree,
            "current": current,
        },
    )

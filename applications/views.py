"""Thin views: parse → authorize (one loader: strangers 404) → call a service → message + redirect."""

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.constants import OrgKind, Role
from accounts.models import Region
from filings.services import open_windows
from zhicheng import files
from zhicheng.dbrouter import replica_view
from zhicheng.errors import PlatformError
from zhicheng.exports import start_export
from zhicheng.paging import CountedPaginator
from zhicheng.review import review_action, stale_page
from zhicheng.views import confirm_page
from zhicheng.workflow import ChainState

from . import access, services
from .forms import (
    PLEDGE_TEXT,
    ApplicationBasicForm,
    AttachmentForm,
    QueueFilterForm,
    ReceiveForm,
    RecommendationForm,
    SubmitForm,
    WindowFilterForm,
)
from .models import Application, Recommendation
from .panels import current_region, my_applications
from .roster import ROSTER_COLUMNS, may_see_roster, roster_queryset, roster_row
from .sections import SectionKind, columns, form_for


# ---- loaders ---------------------------------------------------------------------------------------
def load(request, pk):
    """The one loader: what the user may see, else 404."""
    app = access.visible_one(
        request.user, pk, Application.objects.for_list().select_related("filing_item", "base_unit__region")
    )
    if app is None:
        raise Http404
    return app


def load_own(request, pk):
    app = load(request, pk)
    if app.applicant_id != request.user.pk:
        raise PermissionDenied
    return app


def confirm(request, title, text, button, cancel_url, hidden=None):
    return confirm_page(request, title=title, text=text, button=button, cancel_url=cancel_url, hidden=hidden)


# ---- 查看评审结果 (the fields the meetings app writes) ---------------------------------------------------
@login_required
def result(request, pk):
    app = load(request, pk)
    if not app.review_result:
        raise Http404
    return render(request, "applications/result.html", {"app": app})


# ---- 我的申请书 --------------------------------------------------------------------------------------
@login_required
def mine(request):
    if Role.APPLICANT not in request.user.roles:
        raise Http404
    return render(request, "applications/mine.html", {"applications": my_applications(request.user)})


@login_required
def new(request):
    """【新增申请书】: 1. confirm the 申报评审地区 (guide 002, 2.2); 2. type, 系列 → 专业 → 资格."""
    if Role.APPLICANT not in request.user.roles:
        raise Http404
    if request.method == "POST":
        try:
            app = services.create_application(
                by=request.user, filing_item_id=request.POST.get("filing_item") or 0
            )
        except PlatformError as exc:
            messages.error(request, str(exc))
            return redirect(f"{reverse('applications:new')}?step=2&region={request.POST.get('region', '')}")
        messages.success(request, _("申请书已创建，编号%(no)s。请逐栏填写并保存。") % {"no": app.number})
        return redirect("applications:edit", pk=app.pk)
    region = Region.objects.filter(code=request.GET.get("region", "")).first() or current_region(request)
    windows = open_windows(region=region)
    if request.GET.get("step") != "2":
        other = sorted(
            {w.region for w in open_windows() if w.region.pk != region.pk}, key=lambda r: (r.sort, r.code)
        )
        committees = sorted({w.committee.name for w in windows})
        return render(
            request,
            "applications/new_region.html",
            {"region": region, "committees": committees, "other_regions": other},
        )
    form = WindowFilterForm(request.GET, windows=windows)
    shown = windows
    if form.is_valid():
        if form.cleaned_data["application_type"]:
            shown = [w for w in shown if w.application_type == form.cleaned_data["application_type"]]
        if form.cleaned_data["series"]:
            shown = [
                w for w in shown if str(w.qualification.specialty.series_id) == form.cleaned_data["series"]
            ]
    taken = set(Application.objects.filter(applicant=request.user).values_list("qualification_id", "year"))
    today = timezone.localdate()
    rows = [(w, (w.qualification.pk, w.filing.work_year) in taken, (w.deadline - today).days) for w in shown]
    return render(request, "applications/new_choose.html", {"region": region, "form": form, "rows": rows})


# ---- the form: section menu on the left, the section on the right ----------------------------------
def _section_context(request, app, kind):
    statuses = services.section_statuses(app)
    kinds = [s.kind for s in statuses]
    if kind not in kinds:
        raise Http404
    current = next(s for s in statuses if s.kind == kind)
    opinions = list(services.latest_opinions(app)) if app.state != ChainState.DRAFT else []
    counts = Counter(o.kind for o in opinions)
    return {
        # the section menu marks the sections that carry 修改意见, with their count
        "menu_rows": [(s, counts.get(s.kind, 0)) for s in statuses],
        "app": app,
        "statuses": statuses,
        "current": current,
        "kind": kind,
        "deadline": services.deadline_text(app),
        "attachments": [a for a in app.attachments.all() if a.kind == kind],
        "attachment_form": AttachmentForm(),
        "all_complete": all(s.complete for s in statuses),
        "latest_opinions": [o for o in opinions if o.kind == kind],
    }


@login_required
def edit(request, pk, kind=None):
    app = load_own(request, pk)
    if kind is None:
        return redirect("applications:edit-section", pk=app.pk, kind=app.template().section_list()[0].kind)
    ctx = _section_context(request, app, kind)
    if request.method == "POST" and not app.is_editable:  # frozen: say why instead of validating
        messages.error(
            request,
            _("该申请书本年度不再受理。")
            if app.is_closed
            else _("申请书已上报，不能再修改；如需修改，请联系当前审核单位退回。"),
        )
        return redirect("applications:edit-section", pk=app.pk, kind=kind)
    if kind == SectionKind.BASIC:
        return _edit_basic(request, app, ctx)
    return _edit_rows(request, app, kind, ctx)


def _edit_basic(request, app, ctx):
    if request.method == "POST":
        form = ApplicationBasicForm(
            request.POST, instance=app, unit_query=request.POST.get("unit_q", "").strip()
        )
        if "search_unit" not in request.POST and form.is_valid():
            try:
                services.update_basic(app, by=request.user, form=form)
            except PlatformError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("基本信息已保存。"))
                return redirect("applications:edit-section", pk=app.pk, kind=SectionKind.BASIC)
        elif "search_unit" in request.POST:
            form.errors.clear()  # only narrowing the picker: keep what was typed, show no errors yet
    else:
        form = ApplicationBasicForm(instance=app)
    # a frozen application shows its values, not a form whose buttons do nothing
    ctx.update(form=form, unit_q=request.POST.get("unit_q", ""), basic_fields=_basic_fields(app))
    return render(request, "applications/edit_basic.html", ctx)


def _edit_rows(request, app, kind, ctx):
    RowForm = form_for(kind)
    entries = [e for e in app.entries.all() if e.kind == kind]
    editing = None
    entry_id = request.POST.get("entry") or request.GET.get("entry")
    if entry_id:
        editing = next((e for e in entries if str(e.pk) == str(entry_id)), None)
        if editing is None:
            raise Http404
    if request.method == "POST" and kind == SectionKind.QUALIFICATION and "title_record" in request.POST:
        try:
            services.import_title_record(
                app, by=request.user, record_id=request.POST.get("title_record") or 0
            )
            messages.success(request, _("已从职称记录导入。"))
        except PlatformError as exc:
            messages.error(request, str(exc))
        return redirect("applications:edit-section", pk=app.pk, kind=kind)
    if request.method == "POST":
        form = RowForm(request.POST)
        if form.is_valid():
            try:
                services.save_entry(app, by=request.user, kind=kind, form=form, entry=editing)
            except PlatformError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("已保存。"))
                return redirect("applications:edit-section", pk=app.pk, kind=kind)
    else:
        form = RowForm(initial=editing.data if editing else None)
    ctx.update(form=form, entries=entries, editing=editing, columns=columns(kind))
    if kind == SectionKind.QUALIFICATION:
        from filings.titles import titles_of

        ctx["title_records"] = list(titles_of(app.applicant))
    return render(request, "applications/edit_rows.html", ctx)


@login_required
def entry_delete(request, pk, entry_id):
    app = load_own(request, pk)
    entry = get_object_or_404(app.entries, pk=entry_id)
    back = reverse("applications:edit-section", args=[app.pk, entry.kind])
    if request.method != "POST":
        return confirm(request, _("删除记录"), _("确定删除这条记录吗？删除后不能恢复。"), _("删除"), back)
    try:
        services.delete_entry(entry, by=request.user)
        messages.success(request, _("已删除。"))
    except PlatformError as exc:
        messages.error(request, str(exc))
    return redirect(back)


@login_required
@require_POST
def attachment_upload(request, pk, kind):
    app = load_own(request, pk)
    if kind not in {s.kind for s in app.template().section_list()}:
        raise Http404
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_attachment(
                app,
                by=request.user,
                kind=kind,
                upload=form.cleaned_data["file"],
                detected_kind=form.detected_kind,
            )
            messages.success(request, _("附件已上传。"))
        except PlatformError as exc:
            messages.error(request, str(exc))
    else:
        for error in form.errors.get("file", []):
            messages.error(request, error)
    return redirect("applications:edit-section", pk=app.pk, kind=kind)


@login_required
def attachment_download(request, pk, att_id):
    app = load(request, pk)
    att = get_object_or_404(app.attachments, pk=att_id)
    return files.serve(att.file, att.original_name, content_type=att.content_type)


@login_required
def attachment_delete(request, pk, att_id):
    app = load_own(request, pk)
    att = get_object_or_404(app.attachments, pk=att_id)
    back = reverse("applications:edit-section", args=[app.pk, att.kind])
    if request.method != "POST":
        return confirm(
            request, _("删除附件"), _("确定删除附件“%(n)s”吗？") % {"n": att.original_name}, _("删除"), back
        )
    try:
        services.delete_attachment(att, by=request.user)
        messages.success(request, _("附件已删除。"))
    except PlatformError as exc:
        messages.error(request, str(exc))
    return redirect(back)


@login_required
def change(request, pk):
    """更改专业(资格) (guide 001, 7)."""
    app = load_own(request, pk)
    if request.method == "POST":
        try:
            dropped = services.change_qualification(
                app, by=request.user, filing_item_id=request.POST.get("filing_item") or 0
            )
        except PlatformError as exc:
            messages.error(request, str(exc))
            return redirect("applications:change", pk=app.pk)
        messages.success(
            request, _("资格已更改为%(q)s，请重新检查申报材料。") % {"q": app.qualification_label}
        )
        if dropped:
            messages.warning(
                request,
                _("新资格的申请书没有以下栏目，已填写的内容保留但不再显示：%(s)s")
                % {"s": "、".join(map(str, dropped))},
            )
        return redirect("applications:edit", pk=app.pk)
    windows = [w for w in open_windows() if w.item.pk != app.filing_item_id]
    return render(request, "applications/change.html", {"app": app, "windows": windows})


@login_required
def submit(request, pk):
    """【上报】 with the 本人承诺 (guide 002, 2.7)."""
    app = load_own(request, pk)
    statuses = services.section_statuses(app)
    form = SubmitForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_application(app, by=request.user, pledge=form.cleaned_data["pledge"])
        except PlatformError as exc:
            messages.error(request, str(exc))
        else:
            app.refresh_from_db()
            messages.success(request, _("申请书已上报至%(org)s。") % {"org": app.current_org.name})
            return redirect("applications:mine")
    return render(
        request,
        "applications/submit.html",
        {
            "app": app,
            "statuses": statuses,
            "form": form,
            "pledge_text": PLEDGE_TEXT,
            "deadline": services.deadline_text(app),
            "all_complete": all(s.complete for s in statuses),
        },
    )


@login_required
def delete(request, pk):
    app = load_own(request, pk)
    back = reverse("applications:mine")
    if request.method != "POST":
        return confirm(
            request,
            _("删除申请书"),
            _("确定删除申请书%(no)s吗？删除后不能恢复。") % {"no": app.number},
            _("删除"),
            back,
        )
    try:
        services.delete_application(app, by=request.user)
        messages.success(request, _("申请书已删除。"))
    except PlatformError as exc:
        messages.error(request, str(exc))
    return redirect(back)


# ---- one application: 审核页面 / 编辑页面 / 申请书步骤 ------------------------------------------------
def _sections_for_display(app):
    statuses = services.section_statuses(app)
    entries, files = {}, {}
    for e in app.entries.all():
        entries.setdefault(e.kind, []).append(e)
    for a in app.attachments.all():
        files.setdefault(a.kind, []).append(a)
    out = []
    for s in statuses:
        out.append(
            {
                "status": s,
                "kind": s.kind,
                "title": s.title,
                "columns": columns(s.kind) if s.kind != SectionKind.BASIC else [],
                "rows": [[v for _label, v in e.display()] for e in entries.get(s.kind, [])],
                "files": files.get(s.kind, []),
            }
        )
    return out


@login_required
def detail(request, pk):
    app = load(request, pk)
    tab = request.GET.get("tab") or "review"
    holder = app.held_by(request.user)
    latest = list(services.latest_opinions(app))
    show_old = request.GET.get("old") == "1"
    sections = _sections_for_display(app)
    by_kind = {}
    for o in latest:
        by_kind.setdefault(o.kind, []).append(o)
    mine_by_kind = {o.kind: o for o in latest if o.organisation_id == app.current_org_id}
    for s in sections:
        s["opinions"] = by_kind.get(s["kind"], [])
        s["my_opinion"] = mine_by_kind.get(s["kind"])
    recommendation = Recommendation.objects.filter(application=app).first()
    rec_form = None
    if holder and app.unit_is_base():
        rec_form = RecommendationForm(instance=recommendation)
    return render(
        request,
        "applications/detail.html",
        {
            "app": app,
            "tab": tab,
            "holder": holder,
            "sections": sections,
            "latest_count": len(latest),
            "old_opinions": list(services.older_opinions(app)) if show_old else None,
            "show_old": show_old,
            "recommendation": recommendation,
            "rec_form": rec_form,
            "is_owner": app.applicant_id == request.user.pk,
            "deadline": services.deadline_text(app),
            "basic_fields": _basic_fields(app),
        },
    )


def _basic_fields(app):
    from accounts.constants import UnitNature
    from zhicheng.templatetags.zhicheng import date_cn

    from .sections import _choices

    ethnic = dict(_choices("ethnic_groups"))
    political = dict(_choices("political_status", label="short"))
    return [
        (_("参加工作时间"), date_cn(app.work_start_date)),
        (_("是否转评或跨专业"), _("是") if app.is_transfer else _("否")),
        (_("工作单位及部门"), app.work_unit_dept),
        (_("基层单位"), app.base_unit.name if app.base_unit else ""),
        (_("单位性质"), dict(UnitNature.choices).get(app.unit_nature, "")),
        (_("现(兼)任行政职务"), app.admin_post),
        (_("拟评专业技术职务"), app.proposed_title),
        (_("民族"), ethnic.get(app.ethnicity, "") if app.ethnicity else ""),
        (_("政治面貌"), political.get(app.political_status, "") if app.political_status else ""),
        (_("现任专业技术职务"), app.current_title),
    ]


def _holder_or_refuse(request, app):
    """Opinion and recommendation posts: a page whose step moved on (or that was never this
    user's to handle) gets the platform's stale-link page, not a bare 403."""
    step_id = request.POST.get("expected_step", "")
    if not app.held_by(request.user) or (step_id and str(app.current_step_id) != step_id):
        return stale_page(request, reverse("applications:queue"))
    return None


@login_required
@require_POST
def opinion(request, pk):
    app = load(request, pk)
    refused = _holder_or_refuse(request, app)
    if refused:
        return refused
    try:
        services.save_opinion(
            app, by=request.user, kind=request.POST.get("kind", ""), text=request.POST.get("text", "")
        )
        messages.success(request, _("修改意见已保存。"))
    except PlatformError as exc:
        messages.error(request, str(exc))
    return redirect(f"{reverse('applications:detail', args=[app.pk])}#sec-{request.POST.get('kind', '')}")


@login_required
def recommend(request, pk):
    """推荐意见 on a page of its own: an error comes back next to its field at the top of a short
    page (not at the bottom of the long review page), a success redirects (a refresh does not re-post)."""
    app = load(request, pk)
    if request.method == "POST":
        refused = _holder_or_refuse(request, app)
        if refused:
            return refused
    elif not app.held_by(request.user):
        raise PermissionDenied
    if not app.unit_is_base():
        raise PermissionDenied
    instance = Recommendation.objects.filter(application=app).first()
    form = RecommendationForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_recommendation(app, by=request.user, form=form)
        except PlatformError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("推荐意见已保存。"))
            return redirect(f"{reverse('applications:detail', args=[app.pk])}#recommendation")
    first_error = next(iter(form.errors), None)
    if first_error in form.fields:
        form.fields[first_error].widget.attrs["autofocus"] = True
    return render(request, "applications/recommend.html", {"app": app, "rec_form": form})


@login_required
def forward(request, pk):
    app = load(request, pk)
    final = app.at_committee

    def done(app):
        if app.state == ChainState.ACCEPTED:
            return _("申请书%(no)s已通过形式审核。") % {"no": app.number}
        return _("申请书%(no)s已上报至%(org)s。") % {"no": app.number, "org": app.current_org.name}

    return review_action(
        request,
        app,
        act=lambda step_id, reason: services.forward_application(
            app, by=request.user, expected_step_id=step_id
        ),
        title=_("通过形式审核") if final else _("上报"),
        confirm_text=_("确定该申请书通过形式审核吗？")
        if final
        else _("确定将该申请书上报至下一级审核单位吗？上报后本单位不能再修改意见。"),
        button=_("确定"),
        # a base unit's refusal (推荐单位公示 incomplete) lands beside the items it names
        review_url=reverse("applications:detail", args=[app.pk])
        + ("#unit-publicity" if app.unit_is_base() else ""),
        queue_url=reverse("applications:queue"),
        done_message=done,
    )


@login_required
def send_back(request, pk):
    app = load(request, pk)

    def done(app):
        if app.is_closed:
            messages.warning(request, _("退回次数已满，本年度不再受理。"))
        return _("申请书%(no)s已回退给申请人。") % {"no": app.number}

    return review_action(
        request,
        app,
        act=lambda step_id, reason: services.return_application(
            app, by=request.user, expected_step_id=step_id, reason=reason
        ),
        title=_("回退"),
        confirm_text=_("确定回退申请书%(no)s？") % {"no": app.number},
        button=_("确定回退"),
        review_url=reverse("applications:detail", args=[app.pk]),
        queue_url=reverse("applications:queue"),
        done_message=done,
        needs_reason=True,
        reason_label=_("回退原因"),
        form_page=lambda form: render(request, "applications/return.html", {"app": app, "form": form}),
    )


# ---- lists -------------------------------------------------------------------------------------------
def _reviewer_or_404(request):
    if not services.org_ids(request.user):
        raise Http404


def _list_page(request, qs, template, title, extra=None):
    form = QueueFilterForm(request.GET or None)
    qs = form.apply(qs) if request.GET else qs
    counts = qs.aggregate(
        total=Count("pk"),
        in_review=Count("pk", filter=Q(state=ChainState.IN_REVIEW)),
        accepted=Count("pk", filter=Q(state=ChainState.ACCEPTED)),
    )
    page = CountedPaginator(
        qs.for_list().order_by("-submitted_at", "-pk"), 50, count=counts["total"]
    ).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        template,
        {
            "form": form,
            "page_obj": page,
            "counts": counts,
            "title": title,
            "query_string": params.urlencode(),
            **(extra or {}),
        },
    )


@login_required
@replica_view
def queue(request):
    """申请书审核: what my organisations hold now."""
    _reviewer_or_404(request)
    return _list_page(request, services.queue_for(request.user), "applications/queue.html", _("申请书审核"))


@login_required
@replica_view
def search(request):
    """申请书查询: everything that has passed through my organisations."""
    _reviewer_or_404(request)
    return _list_page(
        request, services.passed_through(request.user), "applications/queue.html", _("申请书查询")
    )


def _roster_qs(request):
    form, qs = roster_queryset(request.user, request.GET)
    return form, qs.for_list()


@login_required
@replica_view
def roster(request):
    """审核情况花名册: applications by state and node."""
    form, qs = _roster_qs(request)
    by_node = list(
        qs.order_by()
        .values("current_label", "state")
        .annotate(n=Count("pk"))
        .order_by("state", "current_label")
    )
    page = CountedPaginator(qs, 100, count=sum(row["n"] for row in by_node)).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    start = page.start_index()
    rows = [roster_row(start + i, a) for i, a in enumerate(page.object_list)]
    return render(
        request,
        "applications/roster.html",
        {
            "form": form,
            "page_obj": page,
            "rows": rows,
            "columns": ROSTER_COLUMNS,
            "by_node": by_node,
            "query_string": params.urlencode(),
        },
    )


@login_required
@require_POST
def roster_export(request):
    """导出Excel: a Celery job streams the rows; the status page shows progress, then the link."""
    if not may_see_roster(request.user):
        raise Http404
    params = {k: v for k, v in request.POST.items() if k in QueueFilterForm.base_fields}
    job = start_export("roster", by=request.user, params=params)
    return redirect("export-status", pk=job.pk)


@login_required
def receive(request):
    """扫码接收材料: scan (or type) the number, check the application, confirm."""
    committee_ids = services.org_ids(request.user, OrgKind.COMMITTEE)
    if not committee_ids:
        raise Http404
    scope = Application.objects.filter(committee_id__in=committee_ids, chain_round__gt=0).for_list()
    found = None
    if request.method == "POST":
        form = ReceiveForm(request.POST)
        if form.is_valid():
            found = scope.filter(number=form.cleaned_data["number"]).first()
            if found is None:
                messages.error(
                    request, _("未找到该编号的已上报申请书：%(no)s") % {"no": form.cleaned_data["number"]}
                )
            elif request.POST.get("confirm") == "1":
                try:
                    services.receive_materials(found, by=request.user)
                    messages.success(
                        request,
                        _("已接收%(name)s的纸质材料（%(no)s）。")
                        % {"name": found.applicant.display_name, "no": found.number},
                    )
                except PlatformError as exc:
                    messages.error(request, str(exc))
                return redirect("applications:receive")
    else:
        form = ReceiveForm(request.GET or None)
        if request.GET and form.is_valid():
            found = scope.filter(number=form.cleaned_data["number"]).first()
            if found is None:
                messages.error(
                    request, _("未找到该编号的已上报申请书：%(no)s") % {"no": form.cleaned_data["number"]}
                )
    recent = (
        scope.filter(materials_received_at__isnull=False)
        .select_related("materials_received_by")
        .order_by("-materials_received_at")[:20]
    )
    return render(request, "applications/receive.html", {"form": form, "found": found, "recent": recent})

"""One application under review: 审核页面, 修改意见, 推荐意见, 上报 / 通过形式审核 and 回退."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhicheng.errors import PlatformError
from zhicheng.review import review_action
from zhicheng.workflow import ChainState

from .. import services
from ..forms import RecommendationForm
from ..models import Recommendation
from ..sections import SectionKind, columns
from .common import basic_fields, holder_or_refuse, load


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
            "basic_fields": basic_fields(app),
        },
    )


@login_required
@require_POST
def opinion(request, pk):
    app = load(request, pk)
    refused = holder_or_refuse(request, app)
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
        refused = holder_or_refuse(request, app)
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

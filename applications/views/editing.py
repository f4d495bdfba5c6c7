"""The application form: section menu on the left, the section on the right; rows and attachments."""

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhicheng import files
from zhicheng.errors import PlatformError
from zhicheng.views import confirm_then, delete_row, edit_rows
from zhicheng.workflow import ChainState

from .. import services
from ..forms import ApplicationBasicForm, AttachmentForm
from ..sections import SectionKind, columns, form_for
from .common import basic_fields, load, load_own


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
    ctx.update(form=form, unit_q=request.POST.get("unit_q", ""), basic_fields=basic_fields(app))
    return render(request, "applications/edit_basic.html", ctx)


def _edit_rows(request, app, kind, ctx):
    entries = [e for e in app.entries.all() if e.kind == kind]
    back = reverse("applications:edit-section", args=[app.pk, kind])
    if request.method == "POST" and kind == SectionKind.QUALIFICATION and "title_record" in request.POST:
        try:
            services.import_title_record(
                app, by=request.user, record_id=request.POST.get("title_record") or 0
            )
            messages.success(request, _("已从职称记录导入。"))
        except PlatformError as exc:
            messages.error(request, str(exc))
        return redirect(back)
    done, form, editing = edit_rows(
        request,
        entries=entries,
        form_class=form_for(kind),
        save=lambda form, entry: services.save_entry(app, by=request.user, kind=kind, form=form, entry=entry),
        back=back,
    )
    if done:
        return done
    ctx.update(form=form, entries=entries, editing=editing, columns=columns(kind))
    if kind == SectionKind.QUALIFICATION:
        from filings.titles import titles_of

        ctx["title_records"] = list(titles_of(app.applicant))
    return render(request, "applications/edit_rows.html", ctx)


@login_required
def entry_delete(request, pk, entry_id):
    app = load_own(request, pk)
    entry = get_object_or_404(app.entries, pk=entry_id)
    return delete_row(
        request,
        back=reverse("applications:edit-section", args=[app.pk, entry.kind]),
        act=lambda: services.delete_entry(entry, by=request.user),
    )


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
    return confirm_then(
        request,
        title=_("删除附件"),
        text=_("确定删除附件“%(n)s”吗？") % {"n": att.original_name},
        button=_("删除"),
        back=reverse("applications:edit-section", args=[app.pk, att.kind]),
        act=lambda: services.delete_attachment(att, by=request.user),
        done=_("附件已删除。"),
    )

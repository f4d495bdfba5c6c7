"""The person's side of 历史数据补录 (guide 003): the area, the form's steps, the title history.

Thin views: parse → authorize (one loader: strangers 404) → call a service → message + redirect.
The reviewers' side is in review_views.py.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.constants import Role
from applications.sections import SectionKind, columns, form_for
from filings.titles import titles_of
from zhicheng import files as file_store
from zhicheng.errors import PlatformError
from zhicheng.views import confirm_then, delete_row, edit_rows

from . import services
from .constants import SECTION_KINDS, SECTION_LABELS
from .forms import AttachmentForm, BasicCheckForm, BasicForm, TitleForm
from .models import Backfill

STEPS = [
    ("edit", _("填报内容")),
    ("photos", _("身份证正面及一寸照片")),
    ("files", _("上传附件")),
    ("sections", _("完善16项信息")),
    ("submit", _("检查提交")),
]


def load(request, pk):
    """The one loader: what the user may see, else 404."""
    qs = services.for_list(services.visible_backfills(request.user)).select_related("issuing_unit")
    return get_object_or_404(qs, pk=pk)


def load_own(request, pk):
    bf = load(request, pk)
    if bf.person_id != request.user.pk:
        raise PermissionDenied
    return bf


def _applicant_or_404(request):
    if Role.APPLICANT not in request.user.roles:
        raise Http404


def _ctx(bf, step, **extra):
    return {"bf": bf, "step": step, "steps": STEPS, **extra}


# ---- the area: 工作通知, 操作指南, 我要新增【补录申报表】, 状态查询 ---------------------------------------
@login_required
def home(request):
    _applicant_or_404(request)
    forms_ = services.for_list(Backfill.objects.filter(person=request.user)).order_by("-created_at")
    return render(
        request,
        "backfill/home.html",
        {"backfills": forms_, "photos_ready": services.photos_ready(request.user)},
    )


@login_required
def titles(request):
    """我的职称记录: the person's title history (补录 and 电子证书)."""
    _applicant_or_404(request)
    return render(request, "backfill/titles.html", {"titles": titles_of(request.user)})


# ---- 第五步 A/B/C: 基本信息核对, 专业技术资格, 批文公示网址 ------------------------------------------------
def _title_page(request, bf=None):
    user = request.user
    if request.method == "POST":
        check = BasicCheckForm(request.POST, prefix="a")
        form = TitleForm(request.POST, instance=bf)
        if check.is_valid() and form.is_valid():
            try:
                services.check_basic_info(user, phone=check.cleaned_data["phone"])
                if bf is None:
                    bf = services.create_backfill(by=user, data=form.cleaned_data)
                else:
                    services.update_title(bf, by=user, data=form.cleaned_data)
            except PlatformError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("已保存，请继续填报。"))
                return redirect("backfill:photos", pk=bf.pk)
    else:
        check = BasicCheckForm(initial={"phone": user.phone}, prefix="a")
        form = TitleForm(instance=bf)
    return render(request, "backfill/edit.html", _ctx(bf, "edit", form=form, check=check))


@login_required
def new(request):
    """我要新增【补录申报表】."""
    _applicant_or_404(request)
    if not request.user.id_number:
        raise Http404
    return _title_page(request)


@login_required
def edit(request, pk):
    bf = load_own(request, pk)
    if request.method == "POST" and not bf.is_editable:
        messages.error(request, _("补录申报表已提交，不能再修改；如需修改，请联系当前审核单位退回。"))
        return redirect("backfill:detail", pk=bf.pk)
    return _title_page(request, bf)


# ---- 三、身份证正面及一寸照片 ----------------------------------------------------------------------------
@login_required
def photos(request, pk):
    bf = load_own(request, pk)
    if request.method == "POST":
        try:
            services.confirm_photos(bf, by=request.user)
        except PlatformError as exc:
            messages.error(request, str(exc))
            return redirect("backfill:photos", pk=bf.pk)
        return redirect("backfill:files", pk=bf.pk)
    return render(
        request, "backfill/photos.html", _ctx(bf, "photos", ready=services.photos_ready(request.user))
    )


# ---- 四、上传附件 ------------------------------------------------------------------------------------
@login_required
def files(request, pk):
    bf = load_own(request, pk)
    form = AttachmentForm()
    if request.method == "POST":
        form = AttachmentForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.add_attachment(
                    bf, by=request.user, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"]
                )
            except PlatformError as exc:
                form.add_error("file", str(exc))
            else:
                messages.success(request, _("附件已上传。"))
                return redirect("backfill:files", pk=bf.pk)
    return render(
        request, "backfill/files.html", _ctx(bf, "files", form=form, attachments=list(bf.attachments.all()))
    )


@login_required
def attachment(request, pk, att_id):
    """The file itself, inline (the viewer page shows it; strangers 404)."""
    bf = load(request, pk)
    att = get_object_or_404(bf.attachments, pk=att_id)
    return file_store.serve(att.file, att.original_name, content_type=att.content_type)


@login_required
def attachment_view(request, pk, att_id):
    """查看 with 放大 / 缩小 (guide 003, 四 (二))."""
    bf = load(request, pk)
    att = get_object_or_404(bf.attachments, pk=att_id)
    return render(request, "backfill/attachment_view.html", {"bf": bf, "att": att})


@login_required
def attachment_delete(request, pk, att_id):
    bf = load_own(request, pk)
    att = get_object_or_404(bf.attachments, pk=att_id)
    return confirm_then(
        request,
        title=_("删除附件"),
        text=_("确定删除附件“%(n)s”吗？") % {"n": att.original_name},
        button=_("删除"),
        back=reverse("backfill:files", args=[bf.pk]),
        act=lambda: services.delete_attachment(att, by=request.user),
        done=_("附件已删除。"),
    )


# ---- 五、完善16项信息 --------------------------------------------------------------------------------
@login_required
def sections(request, pk, kind=None):
    bf = load_own(request, pk)
    if kind is None:
        return redirect("backfill:section", pk=bf.pk, kind=SECTION_KINDS[0])
    if kind not in SECTION_KINDS:
        raise Http404
    statuses = services.section_statuses(bf)
    ctx = _ctx(bf, "sections", statuses=statuses, kind=kind, title=SECTION_LABELS[kind])
    ctx["current"] = next(s for s in statuses if s.kind == kind)
    if request.method == "POST" and not bf.is_editable:
        messages.error(request, _("补录申报表已提交，不能再修改；如需修改，请联系当前审核单位退回。"))
        return redirect("backfill:section", pk=bf.pk, kind=kind)
    if kind == SectionKind.BASIC:
        return _basic(request, bf, ctx)
    return _rows(request, bf, kind, ctx)


def _next_kind(kind):
    i = SECTION_KINDS.index(kind)
    return SECTION_KINDS[i + 1] if i + 1 < len(SECTION_KINDS) else None


def _basic(request, bf, ctx):
    form = BasicForm(request.POST or None, instance=bf)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_basic(bf, by=request.user, data=form.cleaned_data)
        except PlatformError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("基本信息已保存。"))
            return redirect("backfill:section", pk=bf.pk, kind=_next_kind(SectionKind.BASIC))
    ctx["form"] = form
    return render(request, "backfill/section_basic.html", ctx)


def _rows(request, bf, kind, ctx):
    entries = [e for e in bf.entries.all() if e.kind == kind]
    done, form, editing = edit_rows(
        request,
        entries=entries,
        form_class=form_for(kind),
        save=lambda form, entry: services.save_entry(bf, by=request.user, kind=kind, form=form, entry=entry),
        back=reverse("backfill:section", args=[bf.pk, kind]),
    )
    if done:
        return done
    ctx.update(
        form=form,
        entries=entries,
        editing=editing,
        columns=columns(kind),
        copyable=len(services.application_rows(request.user, kind)),
        next_kind=_next_kind(kind),
    )
    return render(request, "backfill/section_rows.html", ctx)


@login_required
@require_POST
def copy_rows(request, pk, kind):
    bf = load_own(request, pk)
    if kind not in SECTION_KINDS:
        raise Http404
    try:
        n = services.copy_from_application(bf, by=request.user, kind=kind)
        messages.success(request, _("已从申请书复制%(n)s条记录。") % {"n": n})
    except PlatformError as exc:
        messages.error(request, str(exc))
    return redirect("backfill:section", pk=bf.pk, kind=kind)


@login_required
def entry_delete(request, pk, entry_id):
    bf = load_own(request, pk)
    entry = get_object_or_404(bf.entries, pk=entry_id)
    return delete_row(
        request,
        back=reverse("backfill:section", args=[bf.pk, entry.kind]),
        act=lambda: services.delete_entry(entry, by=request.user),
    )


# ---- 第三章 检查提交 ----------------------------------------------------------------------------------
@login_required
def submit(request, pk):
    """我要提交到【基层工作单位】 → 确定."""
    bf = load_own(request, pk)
    missing = services.missing_for_submit(bf) if bf.is_editable else []
    if request.method == "POST" and request.POST.get("confirm") == "1":
        try:
            bf = services.submit_backfill(bf, by=request.user)
        except PlatformError as exc:
            messages.error(request, str(exc))
            return redirect("backfill:submit", pk=bf.pk)
        messages.success(request, bf.status_text())
        return redirect("backfill:detail", pk=bf.pk)
    return render(request, "backfill/submit.html", _ctx(bf, "submit", missing=missing))


@login_required
def delete(request, pk):
    bf = load_own(request, pk)
    return confirm_then(
        request,
        title=_("删除补录申报表"),
        text=_("确定删除补录申报表%(no)s吗？删除后不能恢复。") % {"no": bf.number},
        button=_("删除"),
        back=reverse("backfill:home"),
        act=lambda: services.delete_backfill(bf, by=request.user),
        done=_("补录申报表已删除。"),
    )

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from zhicheng import files, menus, pending_uploads
from zhicheng.errors import PlatformError
from zhicheng.permissions import guardian_visible
from zhicheng.review import review_action, review_form
from zhicheng.safety import same_site_path
from zhicheng.views import confirm_page
from zhicheng.workflow import WorkflowError

from . import services
from .constants import OrgKind
from .forms import (
    AppealForm,
    LoginForm,
    PersonalFileForm,
    ProfileForm,
    RecoverForm,
    RegisterForm,
    StaffForm,
    UnitChangeForm,
    UnitCorrectForm,
    UnitNoticeForm,
    UnitRegisterForm,
)
from .models import Membership, Message, Notice, Organisation, Region, UnitChangeRequest, User

BACKEND = "accounts.backends.IdentifierBackend"
PAGE_SIZE = 20


def home(request):
    """平台首页: 通知公告 and the entries to log in or register."""
    notices = Notice.objects.filter(is_published=True).select_related("region")[:10]
    return render(request, "home.html", {"notices": notices})


def notice_detail(request, pk):
    notice = get_object_or_404(Notice, pk=pk, is_published=True)
    return render(request, "notice_detail.html", {"notice": notice})


@require_POST
def set_region(request):
    code = request.POST.get("region", "")
    region = Region.objects.filter(code=code).first()
    if region is not None:
        request.session["region_code"] = region.code
        request.session["region_label"] = str(region.platform_label)
    return redirect(same_site_path(request, request.POST.get("next"), request.META.get("HTTP_REFERER")))


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@login_required
def my_home(request):
    """我的主页: one block per role the person holds."""
    unread = Message.objects.filter(user=request.user, read_at__isnull=True).count()
    return render(request, "accounts/home.html", {"panels": menus.panels_for(request), "unread": unread})


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


# ---- 个人注册 ------------------------------------------------------------------------------------------
def register(request):
    """平台统一注册 (个人注册): one account per 身份证号, username = 身份证号."""
    if request.user.is_authenticated:
        messages.info(request, _("您已登录，无需重复注册。"))
        return redirect("accounts:home")
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            user = services.register_person(
                real_name=d["real_name"],
                id_number=d["id_number"],
                phone=d["phone"],
                email=d["email"],
                password=d["password1"],
            )
        except PlatformError as exc:
            form.add_error("id_number", str(exc))
        else:
            login(request, user, backend=BACKEND)
            messages.success(
                request,
                _("注册成功。您的用户名是身份证号 %(u)s，以后可用身份证号和密码登录。")
                % {"u": user.username},
            )
            return redirect("accounts:home")
    return render(request, "accounts/register.html", {"form": form})


# ---- 单位注册 ------------------------------------------------------------------------------------------
NOTICE_SESSION_KEY = "unit_notice_read"


LICENCE_KEY = "unit_licence"


def register_unit(request):
    """单位注册: 注册须知 (我已阅读) → 管理员信息 + 单位信息 → submitted to the 材料接收部门."""
    admin_user = request.user if request.user.is_authenticated else None
    if not request.session.get(NOTICE_SESSION_KEY):
        notice_form = UnitNoticeForm(request.POST or None)
        if request.method == "POST" and request.POST.get("step") == "notice" and notice_form.is_valid():
            request.session[NOTICE_SESSION_KEY] = True
            return redirect("accounts:register-unit")
        if request.method == "POST" and request.POST.get("step") != "notice":
            notice_form = UnitNoticeForm()
            messages.warning(request, _("请先阅读注册须知并勾选【我已阅读】。"))
        return render(request, "accounts/register_unit_notice.html", {"form": notice_form})

    form = UnitRegisterForm(request.POST or None, request.FILES or None, admin_user=admin_user)
    # a licence chosen before a form error is kept (pending upload): no need to choose it again
    pending = pending_uploads.get(request, LICENCE_KEY) if request.method == "POST" else None
    if request.method == "GET":
        pending_uploads.discard(request, LICENCE_KEY)
    if pending and not request.FILES.get("licence"):
        form.fields["licence"].required = False
    if request.method == "POST" and form.is_valid():
        licence = form.cleaned_data["licence"] or pending_uploads.load(request, LICENCE_KEY)
        try:
            org, user = services.register_unit(
                admin=form.admin_data(),
                unit=form.unit_data(),
                licence=licence,
                licence_kind=licence.detected_kind,
                by=admin_user,
            )
        except PlatformError as exc:
            # the chain machinery's refusal is about the chosen 材料接收部门
            form.add_error("parent" if isinstance(exc, WorkflowError) else None, str(exc))
        else:
            request.session.pop(NOTICE_SESSION_KEY, None)
            pending_uploads.discard(request, LICENCE_KEY)
            if admin_user is None:
                login(request, user, backend=BACKEND)
            messages.success(
                request,
                _(
                    "单位注册已提交，等待材料接收部门【%(p)s】审核。审核通过前，申报人在选择基层单位时找不到本单位。"
                )
                % {"p": org.parent.name},
            )
            return redirect("accounts:unit-info", pk=org.pk)
    if request.method == "POST":  # the form comes back with errors: keep a newly chosen valid licence
        chosen = getattr(form, "cleaned_data", {}).get("licence")
        if chosen:
            pending_uploads.keep(request, LICENCE_KEY, chosen, chosen.detected_kind)
        pending = pending_uploads.get(request, LICENCE_KEY)
    return render(
        request,
        "accounts/register_unit.html",
        {"form": form, "admin_user": admin_user, "pending_licence": pending},
    )


@login_required
@require_GET
def unit_search(request):
    """JSON lookup of approved units (name, region) for the pickers of logged-in users: the
    基层单位 an applicant chooses, the 材料接收部门 of a unit. Anonymous callers go to the login
    page (a public list of every unit answered anyone before). Pending, returned and disabled
    units never appear: the only source is Organisation.objects.approved()."""
    kind = request.GET.get("kind") or OrgKind.BASE_UNIT
    if kind not in (OrgKind.BASE_UNIT, OrgKind.SUPERVISING):
        kind = OrgKind.BASE_UNIT
    qs = Organisation.objects.approved().filter(kind=kind).select_related("region")
    q = (request.GET.get("q") or "").strip()[:50]
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(credit_code=q.upper()))
    code = (request.GET.get("region") or "").strip()
    if code:
        qs = qs.filter(Q(region__code=code) | Q(region__parent__code=code))
    results = [
        {"id": o.pk, "name": o.name, "region": o.region.name, "kind": o.kind, "level": o.level}
        for o in qs.order_by("name")[:20]
    ]
    return JsonResponse({"results": results})


# ---- loaders ---------------------------------------------------------------------------------------------
def _member_orgs(user):
    return Organisation.objects.filter(memberships__user=user, memberships__is_active=True, is_active=True)


def _admin_orgs(user):
    return Organisation.objects.filter(
        memberships__user=user, memberships__is_active=True, memberships__is_admin=True, is_active=True
    )


def get_unit_for_review(user, pk):
    """A unit registration that reached one of my organisations (guardian view right)."""
    return get_object_or_404(
        guardian_visible(user, Organisation.objects.base_units()).select_related(
            "region", "parent", "current_step"
        ),
        pk=pk,
    )


def get_change_for_review(user, pk):
    return get_object_or_404(
        guardian_visible(user, UnitChangeRequest.objects.all()).select_related(
            "organisation", "current_step"
        ),
        pk=pk,
    )


def get_own_unit(user, pk):
    return get_object_or_404(_admin_orgs(user).filter(kind=OrgKind.BASE_UNIT).distinct(), pk=pk)


# ---- 单位注册审核 (supervising units) -------------------------------------------------------------------
@login_required
def unit_queue(request):
    if not _member_orgs(request.user).filter(kind=OrgKind.SUPERVISING).exists():
        raise Http404
    show = request.GET.get("show", "pending")
    base = Organisation.objects.base_units().select_related("region", "parent")
    if show == "done":
        qs = (
            guardian_visible(request.user, base)
            .exclude(state=Organisation.State.IN_REVIEW, current_org__in=_member_orgs(request.user))
            .order_by("-submitted_at", "-pk")
        )
    else:
        show = "pending"
        qs = base.filter(
            state=Organisation.State.IN_REVIEW, current_org__in=_member_orgs(request.user)
        ).order_by("submitted_at", "pk")
    page = _page(request, qs)
    rows = [(o, services.credit_code_needs_check(o)) for o in page]
    return render(
        request,
        "accounts/unit_queue.html",
        {
            "page_obj": page,
            "rows": rows,
            "show": show,
            "query_string": f"show={show}",
        },
    )


def _unit_review_context(request, org, return_form=None):
    return {
        "org": org,
        "can_act": org.held_by(request.user),
        "needs_check": services.credit_code_needs_check(org),
        "approve_form": review_form(org),
        "return_form": return_form or review_form(org, needs_reason=True),
    }


@login_required
def unit_review(request, pk):
    org = get_unit_for_review(request.user, pk)
    return render(request, "accounts/unit_review.html", _unit_review_context(request, org))


@login_required
def unit_licence(request, pk):
    """The licence: the unit's own members, the reviewing units (guardian) and platform admins."""
    qs = Organisation.objects.all()
    if not request.user.is_superuser:
        mine = _member_orgs(request.user).values("pk")
        seen = guardian_visible(request.user, Organisation.objects.all()).values("pk")
        qs = qs.filter(Q(pk__in=mine) | Q(pk__in=seen))
    org = get_object_or_404(qs, pk=pk)
    return files.serve(org.licence, org.licence_name)


# ---- 单位信息修改审核 -------------------------------------------------------------------------------------
@login_required
def change_queue(request):
    if not _member_orgs(request.user).filter(kind=OrgKind.SUPERVISING).exists():
        raise Http404
    qs = (
        UnitChangeRequest.objects.filter(
            state=UnitChangeRequest.State.IN_REVIEW, current_org__in=_member_orgs(request.user)
        )
        .select_related("organisation", "organisation__region")
        .order_by("submitted_at", "pk")
    )
    return render(request, "accounts/change_queue.html", {"page_obj": _page(request, qs)})


def _change_context(request, change, return_form=None):
    return {
        "change": change,
        "org": change.organisation,
        "can_act": change.held_by(request.user),
        "approve_form": review_form(change),
        "return_form": return_form or review_form(change, needs_reason=True),
    }


@login_required
def change_review(request, pk):
    change = get_change_for_review(request.user, pk)
    return render(request, "accounts/change_review.html", _change_context(request, change))


# Both unit chains (registration, later change) share one approve/return view.
UNIT_CHAINS = {
    "unit": {
        "load": get_unit_for_review,
        "review": "accounts:unit-review",
        "queue": "accounts:unit-queue",
        "page": ("accounts/unit_review.html", _unit_review_context),
        "approve": services.approve_unit,
        "return": services.return_unit,
        "approve_text": _("确认审核通过【%(n)s】的单位注册？通过后申报人即可选择该单位。"),
        "return_text": _("确认将【%(n)s】的单位注册退回？"),
        "approve_done": _("已审核通过：%(n)s"),
        "return_done": _("已退回：%(n)s"),
        "name": lambda org: org.name,
    },
    "change": {
        "load": get_change_for_review,
        "review": "accounts:change-review",
        "queue": "accounts:change-queue",
        "page": ("accounts/change_review.html", _change_context),
        "approve": services.approve_unit_change,
        "return": services.return_unit_change,
        "approve_text": _("确认审核通过【%(n)s】的单位信息修改？通过后新信息立即生效。"),
        "return_text": _("确认退回【%(n)s】的单位信息修改？"),
        "approve_done": _("单位信息修改已审核通过：%(n)s"),
        "return_done": _("已退回单位信息修改：%(n)s"),
        "name": lambda change: change.old_name or change.name,
    },
}


@login_required
def unit_chain_action(request, pk, chain, action):
    """审核通过 / 退回 on a unit chain: confirm step, stale-link page, then the service."""
    conf = UNIT_CHAINS[chain]
    obj = conf["load"](request.user, pk)
    name = {"n": conf["name"](obj)}
    template, context = conf["page"]
    if action == "approve":
        extra = {
            "act": lambda step_id, reason: conf["approve"](obj, by=request.user, expected_step_id=step_id),
            "title": _("审核通过"),
            "button": _("确认审核通过"),
        }
    else:
        extra = {
            "act": lambda step_id, reason: conf["return"](
                obj, by=request.user, expected_step_id=step_id, reason=reason
            ),
            "title": _("退回"),
            "button": _("确认退回"),
            "needs_reason": True,
            "form_page": lambda form: render(request, template, context(request, obj, return_form=form)),
        }
    return review_action(
        request,
        obj,
        confirm_text=conf[f"{action}_text"] % name,
        review_url=reverse(conf["review"], args=[obj.pk]),
        queue_url=reverse(conf["queue"]),
        done_message=conf[f"{action}_done"] % name,
        **extra,
    )


@login_required
def change_licence(request, pk):
    qs = UnitChangeRequest.objects.all()
    if not request.user.is_superuser:
        mine = _member_orgs(request.user).values("pk")
        seen = guardian_visible(request.user, UnitChangeRequest.objects.all()).values("pk")
        qs = qs.filter(Q(organisation__in=mine) | Q(pk__in=seen))
    change = get_object_or_404(qs, pk=pk)
    return files.serve(change.licence, change.licence_name)


# ---- 我的信息 → 单位信息 (the unit admin) ------------------------------------------------------------------
@login_required
def unit_info_list(request):
    units = list(_admin_orgs(request.user).filter(kind=OrgKind.BASE_UNIT).distinct().select_related("parent"))
    if not units:
        raise Http404
    if len(units) == 1:
        return redirect("accounts:unit-info", pk=units[0].pk)
    return render(request, "accounts/unit_info_list.html", {"units": units})


@login_required
def unit_info(request, pk):
    """单位信息: state, chain and flow log; a returned unit corrects and resubmits here; an approved
    unit asks for 单位信息修改 here (the approved data stays in force until it is accepted)."""
    org = get_own_unit(request.user, pk)
    correct_form = change_form = None
    if org.state == Organisation.State.RETURNED:
        initial = {
            f: getattr(org, f)
            for f in ("name", "credit_code", "unit_nature", "address", "contact_name", "contact_phone")
        }
        initial.update(region=org.region_id, parent=org.parent_id)
        correct_form = UnitCorrectForm(request.POST or None, request.FILES or None, unit=org, initial=initial)
        if request.method == "POST" and correct_form.is_valid():
            if request.POST.get("confirm") != "1":
                correct_form.add_error(None, _("请勾选【确认提交】后再提交。"))
            else:
                licence = correct_form.cleaned_data.get("licence")
                try:
                    services.resubmit_unit(
                        org,
                        by=request.user,
                        data=correct_form.cleaned_data,
                        licence=licence or None,
                        licence_kind=getattr(licence, "detected_kind", None),
                    )
                except PlatformError as exc:
                    correct_form.add_error(None, str(exc))
                else:
                    messages.success(request, _("已重新提交，等待材料接收部门审核。"))
                    return redirect("accounts:unit-info", pk=org.pk)
    elif org.is_approved:
        pending = services.pending_change(org)
        if pending is None:
            change_form = UnitChangeForm(
                request.POST or None,
                request.FILES or None,
                unit=org,
                initial={
                    "name": org.name,
                    "contact_name": org.contact_name,
                    "contact_phone": org.contact_phone,
                },
            )
            if request.method == "POST" and change_form.is_valid():
                d = change_form.cleaned_data
                try:
                    services.request_unit_change(
                        org,
                        by=request.user,
                        name=d["name"],
                        contact_name=d["contact_name"],
                        contact_phone=d["contact_phone"],
                        licence=d.get("licence") or None,
                        licence_kind=getattr(d.get("licence"), "detected_kind", None),
                    )
                except PlatformError as exc:
                    change_form.add_error(None, str(exc))
                else:
                    messages.success(request, _("单位信息修改已提交，审核通过前原信息继续有效。"))
                    return redirect("accounts:unit-info", pk=org.pk)
    elif request.method == "POST":
        messages.error(request, _("单位注册正在审核中，暂不能修改。"))
        return redirect("accounts:unit-info", pk=org.pk)
    changes = list(org.change_requests.select_related("current_step")[:10])
    last_return = org.steps.filter(action="returned").order_by("-seq").first()
    return render(
        request,
        "accounts/unit_info.html",
        {
            "org": org,
            "correct_form": correct_form,
            "change_form": change_form,
            "changes": changes,
            "pending_change": next(
                (c for c in changes if c.state == UnitChangeRequest.State.IN_REVIEW), None
            ),
            "last_return": last_return,
            "needs_check": services.credit_code_needs_check(org),
        },
    )


# ---- 找回用户名或密码 / 账号申诉 ------------------------------------------------------------------------------
def recover(request):
    form = RecoverForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.request_password_reset(form.cleaned_data["identifier"])
        return redirect("accounts:recover-done")
    return render(request, "accounts/recover.html", {"form": form})


def recover_sent(request):
    return render(request, "accounts/recover_sent.html")


class ResetView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/reset.html"
    success_url = reverse_lazy("accounts:reset-done")
    post_reset_login = False

    def form_valid(self, form):
        response = super().form_valid(form)
        services.clear_lockout(form.user)
        return response


class ResetDoneView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/reset_done.html"


def appeal(request):
    form = AppealForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        services.file_appeal(
            real_name=d["real_name"],
            id_number=d["id_number"],
            phone=d["phone"],
            email=d["email"],
            explanation=d["explanation"],
            id_front=d.get("id_front") or None,
            id_front_kind=getattr(d.get("id_front"), "detected_kind", None),
        )
        messages.success(request, _("申诉已提交。平台管理员核实后会通过联系邮箱答复您。"))
        return redirect("home")
    return render(request, "accounts/appeal.html", {"form": form})


# ---- 我的信息 -------------------------------------------------------------------------------------------
@login_required
def profile(request):
    form = (
        ProfileForm(request.POST or None, instance=request.user)
        if request.method == "POST"
        else ProfileForm(instance=request.user)
    )
    files_form = PersonalFileForm()
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        services.update_profile(
            request.user, phone=d["phone"], office_phone=d["office_phone"], email=d["email"]
        )
        messages.success(request, _("个人信息已保存。"))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", _profile_context(request, form, files_form))


def _profile_context(request, form, files_form):
    units = list(_admin_orgs(request.user).filter(kind=OrgKind.BASE_UNIT).distinct())
    return {"form": form, "files_form": files_form, "units": units}


@login_required
@require_POST
def profile_files(request):
    files_form = PersonalFileForm(request.POST, request.FILES)
    if files_form.is_valid():
        for field in ("id_front", "photo"):
            upload = files_form.cleaned_data.get(field)
            if upload:
                services.upload_personal_file(
                    request.user, field=field, upload=upload, kind=upload.detected_kind
                )
        messages.success(request, _("已上传。"))
        return redirect("accounts:profile")
    request.user.refresh_from_db()
    return render(
        request,
        "accounts/profile.html",
        _profile_context(request, ProfileForm(instance=request.user), files_form),
    )


@login_required
def user_file(request, pk, field):
    """身份证正面 / 一寸照片: the person himself, admins of his organisations, platform admins."""
    if field not in ("id_front", "photo"):
        raise Http404
    qs = User.objects.all()
    if not request.user.is_superuser:
        qs = qs.filter(
            Q(pk=request.user.pk) | Q(memberships__organisation__in=_admin_orgs(request.user))
        ).distinct()
    person = get_object_or_404(qs, pk=pk)
    return files.serve(getattr(person, field), {"id_front": "身份证正面", "photo": "一寸照片"}[field])


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.record_password_change(self.request.user, by=self.request.user)
        messages.success(self.request, _("密码已修改。"))
        return response


# ---- 我的消息 -------------------------------------------------------------------------------------------
@login_required
def message_list(request):
    qs = Message.objects.filter(user=request.user).order_by("-created_at", "-pk")
    unread = qs.filter(read_at__isnull=True).count()
    return render(request, "accounts/messages.html", {"page_obj": _page(request, qs), "unread": unread})


@login_required
@require_POST
def message_read(request, pk):
    message = get_object_or_404(Message, pk=pk, user=request.user)
    if message.read_at is None:
        Message.objects.filter(pk=message.pk).update(read_at=timezone.now())
    if request.POST.get("open") == "1" and message.url.startswith("/"):
        return redirect(message.url)
    return redirect("accounts:messages")


@login_required
@require_POST
def messages_read_all(request):
    Message.objects.filter(user=request.user, read_at__isnull=True).update(read_at=timezone.now())
    messages.success(request, _("已全部标为已读。"))
    return redirect("accounts:messages")


# ---- 系统设置 → 我的用户 ----------------------------------------------------------------------------------
def _my_org(request):
    orgs = list(_admin_orgs(request.user).distinct().order_by("pk"))
    if not orgs:
        raise Http404
    wanted = request.GET.get("org") or request.POST.get("org")
    if wanted:
        org = next((o for o in orgs if str(o.pk) == wanted), None)
        if org is None:
            raise Http404
        return org, orgs
    return orgs[0], orgs


def _membership_for(request, pk):
    return get_object_or_404(
        Membership.objects.filter(organisation__in=_admin_orgs(request.user)).select_related(
            "user", "organisation"
        ),
        pk=pk,
    )


@login_required
def my_users(request):
    org, orgs = _my_org(request)
    qs = (
        Membership.objects.filter(organisation=org)
        .select_related("user")
        .order_by("-is_admin", "user__user_no")
    )
    return render(
        request,
        "accounts/my_users.html",
        {
            "org": org,
            "orgs": orgs,
            "page_obj": _page(request, qs),
            "query_string": f"org={org.pk}",
        },
    )


@login_required
def my_user_add(request):
    org, orgs = _my_org(request)
    form = StaffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.add_staff_user(
                org,
                by=request.user,
                username=d.get("username") or "",
                real_name=d["real_name"],
                id_number=d["id_number"],
                phone=d["phone"],
                office_phone=d["office_phone"],
                email=d["email"],
                password=d.get("password1") or "",
                is_admin=d["is_admin"],
            )
        except PlatformError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已添加用户：%(u)s") % {"u": d["real_name"]})
            return redirect(f"{reverse('accounts:my-users')}?org={org.pk}")
    return render(request, "accounts/my_user_form.html", {"form": form, "org": org, "adding": True})


@login_required
def my_user_edit(request, pk):
    membership = _membership_for(request, pk)
    user = membership.user
    form = StaffForm(request.POST or None, initial={"is_admin": membership.is_admin}, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_staff_user(membership, by=request.user, is_admin=form.cleaned_data["is_admin"])
        except PlatformError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已保存用户信息：%(u)s") % {"u": user.username})
            return redirect(f"{reverse('accounts:my-users')}?org={membership.organisation_id}")
    return render(
        request,
        "accounts/my_user_form.html",
        {
            "form": form,
            "org": membership.organisation,
            "membership": membership,
            "adding": False,
        },
    )


@login_required
@require_POST
def my_user_toggle(request, pk):
    membership = _membership_for(request, pk)
    activate = not membership.is_active
    back = f"{reverse('accounts:my-users')}?org={membership.organisation_id}"
    if request.POST.get("confirm") != "1":
        verb = _("启用") if activate else _("禁用")
        return confirm_page(
            request,
            title=verb,
            text=_("确认%(v)s用户【%(u)s】？") % {"v": verb, "u": membership.user.display_name},
            button=_("确认%(v)s") % {"v": verb},
            hidden={},
            cancel_url=back,
        )
    try:
        services.set_staff_active(membership, by=request.user, active=activate)
    except PlatformError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已启用。") if activate else _("已禁用。"))
    return redirect(back)

"""平台统一注册: 个人注册, 单位注册 and the unit picker's lookup."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from zhicheng import pending_uploads
from zhicheng.errors import PlatformError
from zhicheng.workflow import WorkflowError

from .. import services
from ..constants import OrgKind
from ..forms.people import RegisterForm
from ..forms.units import UnitNoticeForm, UnitRegisterForm
from ..models import Organisation
from .common import BACKEND


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

"""我的信息 → 单位信息 (the unit admin): the page, and one small POST view per action on it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from zhicheng.errors import PlatformError

from .. import services
from ..constants import OrgKind
from ..forms.units import UnitChangeForm, UnitCorrectForm
from ..models import Organisation, UnitChangeRequest
from .common import admin_orgs, get_own_unit


# ---- 我的信息 → 单位信息 (the unit admin) ------------------------------------------------------------------
@login_required
def unit_info_list(request):
    units = list(admin_orgs(request.user).filter(kind=OrgKind.BASE_UNIT).distinct().select_related("parent"))
    if not units:
        raise Http404
    if len(units) == 1:
        return redirect("accounts:unit-info", pk=units[0].pk)
    return render(request, "accounts/unit_info_list.html", {"units": units})


def _correct_form(request, org):
    initial = {
        f: getattr(org, f)
        for f in ("name", "credit_code", "unit_nature", "address", "contact_name", "contact_phone")
    }
    initial.update(region=org.region_id, parent=org.parent_id)
    return UnitCorrectForm(request.POST or None, request.FILES or None, unit=org, initial=initial)


def _change_form(request, org):
    initial = {"name": org.name, "contact_name": org.contact_name, "contact_phone": org.contact_phone}
    return UnitChangeForm(request.POST or None, request.FILES or None, unit=org, initial=initial)


def _offered(org):
    """Which form the page offers: a returned unit corrects and resubmits, an approved unit without
    a pending change asks for 单位信息修改; a unit in review has none."""
    if org.state == Organisation.State.RETURNED:
        return UnitCorrectForm
    if org.is_approved and services.pending_change(org) is None:
        return UnitChangeForm
    return None


def _page(request, org, posted=None):
    offered = _offered(org)
    forms = {"correct_form": None, "change_form": None}
    if offered is UnitCorrectForm:
        forms["correct_form"] = posted or _correct_form(request, org)
    elif offered is UnitChangeForm:
        forms["change_form"] = posted or _change_form(request, org)
    changes = list(org.change_requests.select_related("current_step")[:10])
    return render(
        request,
        "accounts/unit_info.html",
        {
            "org": org,
            **forms,
            "changes": changes,
            "pending_change": next(
                (c for c in changes if c.state == UnitChangeRequest.State.IN_REVIEW), None
            ),
            "last_return": org.steps.filter(action="returned").order_by("-seq").first(),
            "needs_check": services.credit_code_needs_check(org),
        },
    )


@login_required
@require_GET
def unit_info(request, pk):
    """单位信息: state, chain and flow log, and the form the unit's state offers (the approved data
    stays in force until a change is accepted)."""
    return _page(request, get_own_unit(request.user, pk))


def _submit(request, org, form_class, act, done, *, confirm=False):
    """One POST on the page: the form its state offers, validated (with the 确认提交 box where the
    form has one), then the service."""
    if _offered(org) is not form_class:
        messages.error(request, _("单位当前的审核状态下不能提交此修改，请查看审核状态。"))
        return redirect("accounts:unit-info", pk=org.pk)
    form = (_correct_form if form_class is UnitCorrectForm else _change_form)(request, org)
    if form.is_valid() and confirm and request.POST.get("confirm") != "1":
        form.add_error(None, _("请勾选【确认提交】后再提交。"))
    if form.is_valid():
        try:
            act(form)
        except PlatformError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, done)
            return redirect("accounts:unit-info", pk=org.pk)
    return _page(request, org, posted=form)


@login_required
@require_POST
def unit_resubmit(request, pk):
    """修改注册信息并重新提交 (a returned registration; the licence may be kept)."""
    org = get_own_unit(request.user, pk)

    def act(form):
        licence = form.cleaned_data.get("licence")
        services.resubmit_unit(
            org,
            by=request.user,
            data=form.cleaned_data,
            licence=licence or None,
            licence_kind=getattr(licence, "detected_kind", None),
        )

    return _submit(request, org, UnitCorrectForm, act, _("已重新提交，等待材料接收部门审核。"), confirm=True)


@login_required
@require_POST
def unit_change(request, pk):
    """单位信息修改 of an approved unit."""
    org = get_own_unit(request.user, pk)

    def act(form):
        d = form.cleaned_data
        services.request_unit_change(
            org,
            by=request.user,
            name=d["name"],
            contact_name=d["contact_name"],
            contact_phone=d["contact_phone"],
            licence=d.get("licence") or None,
            licence_kind=getattr(d.get("licence"), "detected_kind", None),
        )

    return _submit(request, org, UnitChangeForm, act, _("单位信息修改已提交，审核通过前原信息继续有效。"))

"""系统设置 → 我的用户 (a unit admin's staff accounts)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhicheng.errors import PlatformError
from zhicheng.views import confirm_page

from .. import services
from ..forms.profile import StaffForm
from ..models import Membership
from .common import admin_orgs, page_of


# ---- 系统设置 → 我的用户 ----------------------------------------------------------------------------------
def _my_org(request):
    orgs = list(admin_orgs(request.user).distinct().order_by("pk"))
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
        Membership.objects.filter(organisation__in=admin_orgs(request.user)).select_related(
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
            "page_obj": page_of(request, qs),
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

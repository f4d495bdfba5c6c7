"""我的信息: personal data, uploads, password."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhicheng import files

from .. import services
from ..constants import OrgKind
from ..forms.profile import PersonalFileForm, ProfileForm
from ..models import User
from .common import admin_orgs


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
    units = list(admin_orgs(request.user).filter(kind=OrgKind.BASE_UNIT).distinct())
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
            Q(pk=request.user.pk) | Q(memberships__organisation__in=admin_orgs(request.user))
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

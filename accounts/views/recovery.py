"""找回用户名或密码 and 账号申诉."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from .. import services
from ..forms.recovery import AppealForm, RecoverForm


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

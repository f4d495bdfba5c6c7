from django.shortcuts import render


def confirm_page(request, *, title, text, button, cancel_url, hidden=None):
    """The confirm step before anything irreversible (上报, 回退, 接收, 删除 …): a page that
    says what will happen, and a POST form carrying `hidden` (e.g. the step the user saw)
    with confirm=1. Every app's confirm steps render through here."""
    return render(
        request,
        "includes/confirm.html",
        {
            "confirm_title": title,
            "confirm_text": text,
            "confirm_button": button,
            "cancel_url": cancel_url,
            "hidden": hidden or {},
        },
    )


def admin_login(request, extra_context=None):
    """The Django admin has no login of its own: it sends people to the platform login (captcha,
    identifier normalisation, lockout). A signed-in person without admin rights is refused."""
    from django.conf import settings
    from django.contrib.auth.views import redirect_to_login
    from django.core.exceptions import PermissionDenied
    from django.shortcuts import redirect
    from django.urls import reverse

    from .safety import same_site_path

    target = same_site_path(request, request.GET.get("next"), default="admin:index")
    if not target.startswith(reverse("admin:index")):
        target = reverse("admin:index")
    if request.user.is_authenticated:
        if request.user.is_active and request.user.is_staff:
            return redirect(target)
        raise PermissionDenied
    return redirect_to_login(target, login_url=settings.LOGIN_URL)

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


# ---- error pages (handler400/403/404/500 and CSRF_FAILURE_VIEW) ---------------------------------
# 403/404 and the CSRF page render in the platform layout (menus, a way home). 400 and 500 render
# without the request: no context processor, no database — they must work when those are broken.


def _standalone(template_name, status):
    from django.conf import settings
    from django.http import HttpResponse
    from django.template import loader

    try:
        body = loader.get_template(template_name).render({"SITE_NAME": settings.SITE_NAME})
    except Exception:  # the last resort must never raise: a plain Chinese line instead
        body = '<!DOCTYPE html><html lang="zh-CN"><meta charset="utf-8"><h1>系统繁忙</h1><a href="/">返回首页</a>'
    return HttpResponse(body, status=status)


def bad_request(request, exception=None):
    return _standalone("400.html", 400)


def server_error(request):
    return _standalone("500.html", 500)


def permission_denied(request, exception=None):
    from django.utils.translation import gettext as _

    # a PermissionDenied raised with a Chinese reason (e.g. a stale page) shows that reason
    reason = str(exception) if exception is not None and str(exception) else ""
    return render(request, "403.html", {"error_title": _("无权访问"), "reason": reason}, status=403)


def page_not_found(request, exception=None):
    from django.utils.translation import gettext as _

    return render(request, "404.html", {"error_title": _("页面不存在")}, status=404)


def csrf_failure(request, reason=""):
    from django.utils.translation import gettext as _

    return render(request, "403_csrf.html", {"error_title": _("页面已过期")}, status=403)

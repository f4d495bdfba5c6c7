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


def confirm_then(request, *, title, text, button, back, act, done):
    """A delete (记录, 附件, 申请书, 补录申报表 …): GET shows the confirm page, POST calls `act()`,
    says `done` (or the refusal) and goes `back`."""
    from django.contrib import messages
    from django.shortcuts import redirect

    from .errors import PlatformError

    if request.method != "POST":
        return confirm_page(request, title=title, text=text, button=button, cancel_url=back)
    try:
        act()
    except PlatformError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect(back)


def delete_row(request, *, back, act):
    """删除记录: one row of a repeating section (申请书 and 补录申报表 share the wording)."""
    from django.utils.translation import gettext as _

    return confirm_then(
        request,
        title=_("删除记录"),
        text=_("确定删除这条记录吗？删除后不能恢复。"),
        button=_("删除"),
        back=back,
        act=act,
        done=_("已删除。"),
    )


def edit_rows(request, *, entries, form_class, save, back):
    """The row editor of a section with rows (申请书 and 补录申报表 share it): `?entry=` picks the
    row being edited (not one of `entries` → 404); a valid POST saves through `save(form, entry)`
    and goes `back`; a refusal shows beside the form. Returns (redirect or None, form, entry)."""
    from django.contrib import messages
    from django.http import Http404
    from django.shortcuts import redirect
    from django.utils.translation import gettext as _

    from .errors import PlatformError

    editing = None
    entry_id = request.POST.get("entry") or request.GET.get("entry")
    if entry_id:
        editing = next((e for e in entries if str(e.pk) == str(entry_id)), None)
        if editing is None:
            raise Http404
    if request.method != "POST":
        return None, form_class(initial=editing.data if editing else None), editing
    form = form_class(request.POST)
    if form.is_valid():
        try:
            save(form, editing)
        except PlatformError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已保存。"))
            return redirect(back), form, editing
    return None, form, editing


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

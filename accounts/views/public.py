"""平台首页, 通知公告, the region switch, 登录 and 我的主页."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from zhicheng import menus
from zhicheng.safety import same_site_path

from ..forms.people import LoginForm
from ..models import Message, Notice, Region


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

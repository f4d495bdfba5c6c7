from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from zhicheng import menus

from .forms import LoginForm
from .models import Notice, Region


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
    return redirect(request.POST.get("next") or request.META.get("HTTP_REFERER") or "home")


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@login_required
def my_home(request):
    """我的主页: one block per role the person holds."""
    return render(request, "accounts/home.html", {"panels": menus.panels_for(request)})

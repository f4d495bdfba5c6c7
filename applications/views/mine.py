"""我的申请书: the list, 新增申请书, 更改专业(资格), 上报, 删除 and 查看评审结果."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.constants import Role
from accounts.models import Region
from filings.services import open_windows
from zhicheng.errors import PlatformError
from zhicheng.views import confirm_then

from .. import services
from ..forms import PLEDGE_TEXT, SubmitForm, WindowFilterForm
from ..models import Application
from ..panels import current_region, my_applications
from .common import load, load_own


# ---- 查看评审结果 (the fields the meetings app writes) ---------------------------------------------------
@login_required
def result(request, pk):
    app = load(request, pk)
    if not app.review_result:
        raise Http404
    return render(request, "applications/result.html", {"app": app})


# ---- 我的申请书 --------------------------------------------------------------------------------------
@login_required
def mine(request):
    if Role.APPLICANT not in request.user.roles:
        raise Http404
    return render(request, "applications/mine.html", {"applications": my_applications(request.user)})


@login_required
def new(request):
    """【新增申请书】: 1. confirm the 申报评审地区 (guide 002, 2.2); 2. type, 系列 → 专业 → 资格."""
    if Role.APPLICANT not in request.user.roles:
        raise Http404
    if request.method == "POST":
        try:
            app = services.create_application(
                by=request.user, filing_item_id=request.POST.get("filing_item") or 0
            )
        except PlatformError as exc:
            messages.error(request, str(exc))
            return redirect(f"{reverse('applications:new')}?step=2&region={request.POST.get('region', '')}")
        messages.success(request, _("申请书已创建，编号%(no)s。请逐栏填写并保存。") % {"no": app.number})
        return redirect("applications:edit", pk=app.pk)
    region = Region.objects.filter(code=request.GET.get("region", "")).first() or current_region(request)
    windows = open_windows(region=region)
    if request.GET.get("step") != "2":
        other = sorted(
            {w.region for w in open_windows() if w.region.pk != region.pk}, key=lambda r: (r.sort, r.code)
        )
        committees = sorted({w.committee.name for w in windows})
        return render(
            request,
            "applications/new_region.html",
            {"region": region, "committees": committees, "other_regions": other},
        )
    form = WindowFilterForm(request.GET, windows=windows)
    shown = windows
    if form.is_valid():
        if form.cleaned_data["application_type"]:
            shown = [w for w in shown if w.application_type == form.cleaned_data["application_type"]]
        if form.cleaned_data["series"]:
            shown = [
                w for w in shown if str(w.qualification.specialty.series_id) == form.cleaned_data["series"]
            ]
    taken = set(Application.objects.filter(applicant=request.user).values_list("qualification_id", "year"))
    today = timezone.localdate()
    rows = [(w, (w.qualification.pk, w.filing.work_year) in taken, (w.deadline - today).days) for w in shown]
    return render(request, "applications/new_choose.html", {"region": region, "form": form, "rows": rows})


@login_required
def change(request, pk):
    """更改专业(资格) (guide 001, 7)."""
    app = load_own(request, pk)
    if request.method == "POST":
        try:
            dropped = services.change_qualification(
                app, by=request.user, filing_item_id=request.POST.get("filing_item") or 0
            )
        except PlatformError as exc:
            messages.error(request, str(exc))
            return redirect("applications:change", pk=app.pk)
        messages.success(
            request, _("资格已更改为%(q)s，请重新检查申报材料。") % {"q": app.qualification_label}
        )
        if dropped:
            messages.warning(
                request,
                _("新资格的申请书没有以下栏目，已填写的内容保留但不再显示：%(s)s")
                % {"s": "、".join(map(str, dropped))},
            )
        return redirect("applications:edit", pk=app.pk)
    windows = [w for w in open_windows() if w.item.pk != app.filing_item_id]
    return render(request, "applications/change.html", {"app": app, "windows": windows})


@login_required
def submit(request, pk):
    """【上报】 with the 本人承诺 (guide 002, 2.7)."""
    app = load_own(request, pk)
    statuses = services.section_statuses(app)
    form = SubmitForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_application(app, by=request.user, pledge=form.cleaned_data["pledge"])
        except PlatformError as exc:
            messages.error(request, str(exc))
        else:
            app.refresh_from_db()
            messages.success(request, _("申请书已上报至%(org)s。") % {"org": app.current_org.name})
            return redirect("applications:mine")
    return render(
        request,
        "applications/submit.html",
        {
            "app": app,
            "statuses": statuses,
            "form": form,
            "pledge_text": PLEDGE_TEXT,
            "deadline": services.deadline_text(app),
            "all_complete": all(s.complete for s in statuses),
        },
    )


@login_required
def delete(request, pk):
    app = load_own(request, pk)
    return confirm_then(
        request,
        title=_("删除申请书"),
        text=_("确定删除申请书%(no)s吗？删除后不能恢复。") % {"no": app.number},
        button=_("删除"),
        back=reverse("applications:mine"),
        act=lambda: services.delete_application(app, by=request.user),
        done=_("申请书已删除。"),
    )

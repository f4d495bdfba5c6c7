from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.constants import OrgKind
from zhicheng.errors import PlatformError

from . import importer, services
from .constants import ExpertStatus
from .forms import EmploymentForm, ExpertForm, ImportForm, RelativeForm, StatusForm
from .models import Expert, ExpertSettings

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _committee_or_404(user):
    committee = user.primary_organisation(OrgKind.COMMITTEE)
    if committee is None:
        raise Http404
    return committee


def get_expert_for(user, pk):
    """An expert of one of the user's committees (anyone else → 404)."""
    qs = Expert.objects.filter(committee__in=user.organisations(OrgKind.COMMITTEE)).select_related(
        "user", "series", "employer", "region", "committee"
    )
    return get_object_or_404(qs, pk=pk)


@login_required
def expert_list(request):
    committee = _committee_or_404(request.user)
    qs = (
        Expert.objects.filter(committee=committee)
        .select_related("user", "series", "employer", "region")
        .prefetch_related("specialties")
    )
    settings = ExpertSettings.objects.filter(committee=committee).first() or ExpertSettings(
        committee=committee
    )
    active = Expert.objects.filter(committee=committee, status=ExpertStatus.ACTIVE).count()
    status = request.GET.get("status", "")
    if status:
        qs = qs.filter(status=status)
    return render(
        request,
        "experts/expert_list.html",
        {
            "committee": committee,
            "experts": qs,
            "status": status,
            "statuses": StatusForm.base_fields["status"].choices,
            "active": active,
            "settings": settings,
        },
    )


@login_required
def expert_create(request):
    committee = _committee_or_404(request.user)
    form = ExpertForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            expert = services.add_expert(committee, by=request.user, **form.cleaned_data)
        except PlatformError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已添加专家%s。") % expert.user.display_name)
            return redirect("experts:detail", expert.pk)
    return render(request, "experts/expert_form.html", {"form": form})


@login_required
def expert_detail(request, pk):
    expert = get_expert_for(request.user, pk)
    return render(
        request,
        "experts/expert_detail.html",
        {
            "expert": expert,
            "status_form": StatusForm(initial={"status": expert.status}),
            "relative_form": RelativeForm(),
            "employment_form": EmploymentForm(),
            "employments": expert.user.employments.all(),
        },
    )


def _post_form(request, pk, form_class, action):
    expert = get_expert_for(request.user, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            action(expert, form.cleaned_data)
        except PlatformError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("已保存。"))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("experts:detail", expert.pk)


@login_required
@require_POST
def expert_status(request, pk):
    return _post_form(
        request, pk, StatusForm, lambda e, d: services.set_status(e, by=request.user, status=d["status"])
    )


@login_required
@require_POST
def relative_add(request, pk):
    return _post_form(request, pk, RelativeForm, lambda e, d: services.add_relative(e, by=request.user, **d))


@login_required
@require_POST
def employment_add(request, pk):
    return _post_form(
        request, pk, EmploymentForm, lambda e, d: services.add_employment(e.user, by=request.user, **d)
    )


@login_required
def expert_import(request):
    committee = _committee_or_404(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = importer.import_experts(committee, by=request.user, upload=form.cleaned_data["file"])
        except PlatformError as exc:
            form.add_error("file", str(exc))
        else:
            if report.imported:
                messages.success(request, _("已导入%d位专家。") % report.imported)
            else:
                messages.error(request, _("有%d行未通过检查，本次未导入任何专家。") % len(report.refused))
    return render(request, "experts/expert_import.html", {"form": form, "report": report})


@login_required
def import_template(request):
    _committee_or_404(request.user)
    response = HttpResponse(importer.template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = "attachment; filename*=UTF-8''zhuanjia_template.xlsx"
    return response

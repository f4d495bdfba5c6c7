"""扫码接收材料 (the committee receives the paper materials)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.constants import OrgKind
from zhicheng.errors import PlatformError

from .. import services
from ..forms import ReceiveForm
from ..models import Application


@login_required
def receive(request):
    """扫码接收材料: scan (or type) the number, check the application, confirm."""
    committee_ids = services.org_ids(request.user, OrgKind.COMMITTEE)
    if not committee_ids:
        raise Http404
    scope = Application.objects.filter(committee_id__in=committee_ids, chain_round__gt=0).for_list()
    found = None
    if request.method == "POST":
        form = ReceiveForm(request.POST)
        if form.is_valid():
            found = scope.filter(number=form.cleaned_data["number"]).first()
            if found is None:
                messages.error(
                    request, _("未找到该编号的已上报申请书：%(no)s") % {"no": form.cleaned_data["number"]}
                )
            elif request.POST.get("confirm") == "1":
                try:
                    services.receive_materials(found, by=request.user)
                    messages.success(
                        request,
                        _("已接收%(name)s的纸质材料（%(no)s）。")
                        % {"name": found.applicant.display_name, "no": found.number},
                    )
                except PlatformError as exc:
                    messages.error(request, str(exc))
                return redirect("applications:receive")
    else:
        form = ReceiveForm(request.GET or None)
        if request.GET and form.is_valid():
            found = scope.filter(number=form.cleaned_data["number"]).first()
            if found is None:
                messages.error(
                    request, _("未找到该编号的已上报申请书：%(no)s") % {"no": form.cleaned_data["number"]}
                )
    recent = (
        scope.filter(materials_received_at__isnull=False)
        .select_related("materials_received_by")
        .order_by("-materials_received_at")[:20]
    )
    return render(request, "applications/receive.html", {"form": form, "found": found, "recent": recent})

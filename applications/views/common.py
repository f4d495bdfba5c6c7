"""What the application screens share: the one loader (strangers 404) and the holder check."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from zhicheng.review import stale_page

from .. import access
from ..models import Application


# ---- loaders ---------------------------------------------------------------------------------------
def load(request, pk):
    """The one loader: what the user may see, else 404."""
    app = access.visible_one(
        request.user, pk, Application.objects.for_list().select_related("filing_item", "base_unit__region")
    )
    if app is None:
        raise Http404
    return app


def load_own(request, pk):
    app = load(request, pk)
    if app.applicant_id != request.user.pk:
        raise PermissionDenied
    return app


def basic_fields(app):
    from accounts.constants import UnitNature
    from zhicheng.templatetags.zhicheng import date_cn

    from ..sections import _choices

    ethnic = dict(_choices("ethnic_groups"))
    political = dict(_choices("political_status", label="short"))
    return [
        (_("参加工作时间"), date_cn(app.work_start_date)),
        (_("是否转评或跨专业"), _("是") if app.is_transfer else _("否")),
        (_("工作单位及部门"), app.work_unit_dept),
        (_("基层单位"), app.base_unit.name if app.base_unit else ""),
        (_("单位性质"), dict(UnitNature.choices).get(app.unit_nature, "")),
        (_("现(兼)任行政职务"), app.admin_post),
        (_("拟评专业技术职务"), app.proposed_title),
        (_("民族"), ethnic.get(app.ethnicity, "") if app.ethnicity else ""),
        (_("政治面貌"), political.get(app.political_status, "") if app.political_status else ""),
        (_("现任专业技术职务"), app.current_title),
    ]


def holder_or_refuse(request, app):
    """Opinion and recommendation posts: a page whose step moved on (or that was never this
    user's to handle) gets the platform's stale-link page, not a bare 403."""
    step_id = request.POST.get("expected_step", "")
    if not app.held_by(request.user) or (step_id and str(app.current_step_id) != step_id):
        return stale_page(request, reverse("applications:queue"))
    return None

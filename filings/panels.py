"""我的主页 panel of committee staff: 申请书统计 counters and the 常用功能 shortcuts (guide 000).

Applications live in a higher app that filings must not import; the counters look the model up
at run time and show zeros while it does not exist (or lacks the fields relied on: `committee`,
the review-chain `state` / `current_org`, and a year field).
"""

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone

from accounts.constants import OrgKind
from zhicheng.workflow import ChainState


def application_counts(committees, year):
    zero = {"total": 0, "reviewed": 0, "pending": 0}
    try:
        Application = apps.get_model("applications", "Application")
    except LookupError:
        return zero
    try:
        Application._meta.get_field("committee")
        Application._meta.get_field("state")
    except FieldDoesNotExist:
        return zero
    qs = Application.objects.filter(committee__in=committees)
    for year_field in ("work_year", "year"):
        try:
            Application._meta.get_field(year_field)
        except FieldDoesNotExist:
            continue
        qs = qs.filter(**{year_field: year})
        break
    else:
        try:
            Application._meta.get_field("created_at")
            qs = qs.filter(created_at__year=year)
        except FieldDoesNotExist:
            pass
    pending = qs.filter(state=ChainState.IN_REVIEW)
    try:
        Application._meta.get_field("current_org")
        pending = pending.filter(current_org__in=committees)
    except FieldDoesNotExist:
        pass
    return {
        "total": qs.exclude(state=ChainState.DRAFT).count(),
        "reviewed": qs.filter(state=ChainState.ACCEPTED).count(),
        "pending": pending.count(),
    }


def committee_home_panel(request):
    committees = list(request.user.organisations(OrgKind.COMMITTEE))
    year = timezone.localdate().year
    return {"counts": application_counts(committees, year), "year": year, "committees": committees}

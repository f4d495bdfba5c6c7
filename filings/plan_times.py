"""Plan times of accepted filings: overlaps between filings, and 设置时间 change requests.

Two accepted 事前备案 of one committee must not open the same qualification in the same work
year with overlapping application windows (applicants would see it twice). `overlaps()` finds
them for the office (review page) and the committee (step 7), `accept_filing` refuses them.
"""

from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from zhicheng import audit, workflow
from zhicheng.templatetags.zhicheng import date_cn
from zhicheng.workflow import ChainState


@dataclass(frozen=True)
class Overlap:
    item: object  # FilingQualification of the filing under review
    other: object  # FilingQualification of another accepted filing

    @property
    def text(self):
        o = self.other
        return _(
            "%(q)s 的申报时间（%(s)s 至 %(e)s）与已接收的备案《%(t)s》%(serial)s的申报时间（%(os)s 至 %(oe)s）重叠"
        ) % {
            "q": f"{self.item.qualification.specialty.name}/{self.item.qualification.name}",
            "s": date_cn(self.item.apply_start),
            "e": date_cn(self.item.apply_end),
            "t": o.filing.title,
            "serial": f"（流水号:{o.filing.serial_no}）" if o.filing.serial_no else "",
            "os": date_cn(o.apply_start),
            "oe": date_cn(o.apply_end),
        }


def _windows_meet(a_start, a_end, b_start, b_end):
    return None not in (a_start, a_end, b_start, b_end) and a_start <= b_end and b_start <= a_end


def overlaps(filing, *, times=None):
    """[Overlap] of `filing`'s items against the other accepted filings of its committee and
    work year. `times` ({item_id: (start, end)}) checks proposed times instead of the stored ones."""
    from .models import Filing, FilingQualification

    if filing.kind != Filing.Kind.PRE_REVIEW:
        return []
    items = list(filing.items.select_related("qualification__specialty"))
    if not items:
        return []
    others = (
        FilingQualification.objects.filter(
            filing__committee_id=filing.committee_id,
            filing__work_year=filing.work_year,
            filing__kind=Filing.Kind.PRE_REVIEW,
            filing__state=ChainState.ACCEPTED,
            qualification_id__in={i.qualification_id for i in items},
        )
        .exclude(filing_id=filing.pk)
        .select_related("filing", "qualification__specialty")
        .order_by("filing__serial_no", "pk")
    )
    by_qualification = {}
    for other in others:
        by_qualification.setdefault(other.qualification_id, []).append(other)
    found = []
    for item in items:
        start, end = (times or {}).get(item.pk, (item.apply_start, item.apply_end))
        for other in by_qualification.get(item.qualification_id, []):
            if _windows_meet(start, end, other.apply_start, other.apply_end):
                found.append(Overlap(item, other))
    return found


def overlap_error(found):
    """The refusal message naming every overlap."""
    return _("不能接收：%(list)s。请退回评审机构修改计划时间。") % {"list": "；".join(o.text for o in found)}


# ---- 设置时间: a change of an accepted filing's plan times is a request to the title office -------
TIME_FIELDS = ("apply_start", "apply_end", "meeting_date", "approval_date")


def pending_change(item):
    from .models import PlanTimeChange

    return PlanTimeChange.objects.filter(item=item, state=ChainState.IN_REVIEW).first()


@transaction.atomic
def request_time_change(item, *, by, start, end, meeting, approval, reason):
    """The committee asks to change one qualification's times. Nothing changes on the item: the
    old window stays in force until the office accepts the request."""
    from accounts.models import Membership

    from .models import Filing, FilingQualification, PlanTimeChange
    from .services import FilingError, check_plan_order

    item = FilingQualification.objects.select_for_update().select_related("filing__committee").get(pk=item.pk)
    filing = item.filing
    if not Membership.objects.filter(organisation=filing.committee, user=by, is_active=True).exists():
        raise FilingError(_("只有本评审机构的用户可以申请变更计划时间。"))
    if filing.kind != Filing.Kind.PRE_REVIEW or filing.state != ChainState.ACCEPTED:
        raise FilingError(_("只有已接收的事前备案可以申请变更计划时间；未提交的备案请在备案中直接设置时间。"))
    if pending_change(item) is not None:
        raise FilingError(_("该资格已有一条待审核的时间变更申请，请等待职称办公室审核。"))
    if not (reason or "").strip():
        raise FilingError(_("请填写变更原因。"))
    problems = check_plan_order(start, end, meeting, approval)
    if problems:
        raise FilingError("；".join(str(m) for m in problems.values()))
    if (start, end, meeting, approval) == tuple(getattr(item, f) for f in TIME_FIELDS):
        raise FilingError(_("新的计划时间与现行时间相同，无需变更。"))
    found = overlaps(filing, times={item.pk: (start, end)})
    if found:
        raise FilingError(_("不能申请：%(list)s。") % {"list": "；".join(o.text for o in found)})
    change = PlanTimeChange.objects.create(
        item=item,
        apply_start=start,
        apply_end=end,
        meeting_date=meeting,
        approval_date=approval,
        reason=reason.strip(),
        created_by=by,
        **{f"old_{f}": getattr(item, f) for f in TIME_FIELDS},
    )
    workflow.submit(change, by=by)
    change.refresh_from_db()
    return change


@transaction.atomic
def accept_time_change(change, *, by, expected_step_id):
    """The office accepts: the new times replace the old ones and are in force from now on."""
    from .models import FilingQualification
    from .services import FilingError, _notify_members

    item = FilingQualification.objects.select_for_update().select_related("filing").get(pk=change.item_id)
    found = overlaps(item.filing, times={item.pk: (change.apply_start, change.apply_end)})
    if found:
        raise FilingError(overlap_error(found))
    accepted = workflow.accept(change, by=by, expected_step_id=expected_step_id)
    before = {f: str(getattr(item, f)) for f in TIME_FIELDS}
    for f in TIME_FIELDS:
        setattr(item, f, getattr(accepted, f))
    item.save(update_fields=list(TIME_FIELDS))
    audit.log(
        "filings.filing.times_changed",
        item.filing,
        by=by,
        org=item.filing.target_office(),
        data={"item": item.pk, "before": before, "after": {f: str(getattr(item, f)) for f in TIME_FIELDS}},
    )
    _notify_members(
        item.filing.committee,
        _("计划时间变更已生效：%s") % item.qualification,
        _("职称办公室已同意变更，新的申报时间：%(s)s 至 %(e)s。")
        % {"s": date_cn(item.apply_start), "e": date_cn(item.apply_end)},
        reverse("filings:times"),
    )
    return accepted


@transaction.atomic
def return_time_change(change, *, by, expected_step_id, opinion):
    """The office refuses: the old times stay in force; the committee may ask again."""
    from .services import _notify_members

    returned = workflow.send_back(change, by=by, expected_step_id=expected_step_id, opinion=opinion)
    _notify_members(
        returned.item.filing.committee,
        _("计划时间变更被退回：%s") % returned.item.qualification,
        _("办理意见：%s（现行时间不变）") % opinion.strip(),
        reverse("filings:times"),
    )
    return returned

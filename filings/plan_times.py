"""Plan times of accepted filings: overlaps between filings, and 设置时间 change requests.

Two accepted 事前备案 of one committee must not open the same qualification in the same work
year with overlapping application windows (applicants would see it twice). `overlaps()` finds
them for the office (review page) and the committee (step 7), `accept_filing` refuses them.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

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

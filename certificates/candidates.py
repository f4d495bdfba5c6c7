"""Who a 批文 may list — ONE function, so the 公示 and objections join in one place.

A candidate is an application of the committee that reached 通过形式审核 (ChainState.ACCEPTED),
whose review meeting recorded the result 通过 (Application.review_result, written by
meetings/voting.py when voting closes), that is not on any 批文 yet, that is on a 评审结果公示
whose period has ended (today > end date; meetings/publicity.py) and against whom no 异议 is
pending (待处理) or upheld (成立) — an objection found 不成立 does not block.
"""

from django.db.models import Exists, OuterRef

from applications.models import Application
from meetings import publicity
from meetings.constants import ObjectionStatus
from meetings.models import Objection, PublicityEntry
from zhicheng.workflow import ChainState

PASSED = "passed"
BLOCKING = (ObjectionStatus.PENDING, ObjectionStatus.UPHELD)


def eligible_candidates(committee, filing=None):
    publicised = PublicityEntry.objects.filter(
        application=OuterRef("pk"), publicity__end_date__lt=publicity.today()
    )
    blocked = Objection.objects.filter(entry__application=OuterRef("pk"), status__in=BLOCKING)
    qs = (
        Application.objects.for_list()
        .filter(
            Exists(publicised),
            committee=committee,
            state=ChainState.ACCEPTED,
            review_result=PASSED,
            approval_entry__isnull=True,
        )
        .exclude(Exists(blocked))
        .order_by("qualification__specialty__series__sort", "applicant__real_name", "pk")
    )
    if filing is not None:
        qs = qs.filter(filing_item__filing=filing)
    return qs

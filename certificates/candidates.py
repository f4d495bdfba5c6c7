"""Who a 批文 may list — ONE function, so the 公示 and objections can join in one place.

A candidate is an application of the committee that reached 通过形式审核 (ChainState.ACCEPTED),
whose review meeting recorded the result 通过 (Application.review_result, written by
meetings/voting.py when voting closes) and that is not on any 批文 yet.
Not yet checked (the 公示 of results and objections are not built): that a 公示 period has
ended without an open or upheld objection against the person.
"""

from applications.models import Application
from zhicheng.workflow import ChainState

PASSED = "passed"


def eligible_candidates(committee, filing=None):
    qs = (
        Application.objects.for_list()
        .filter(
            committee=committee,
            state=ChainState.ACCEPTED,
            review_result=PASSED,
            approval_entry__isnull=True,
        )
        .order_by("qualification__specialty__series__sort", "applicant__real_name", "pk")
    )
    if filing is not None:
        qs = qs.filter(filing_item__filing=filing)
    return qs

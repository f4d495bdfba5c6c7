"""Who a 批文 may list — ONE function, so the meetings app can take over in one place.

Until the meetings app (评审会议 results, 公示 and objections) is merged, a candidate is an
application of the committee that reached 通过形式审核 (ChainState.ACCEPTED) and is not on
any 批文 yet. When meeting results exist, this must also require the result 通过 and a 公示
without an open or upheld objection.
"""

from applications.models import Application
from zhicheng.workflow import ChainState


def eligible_candidates(committee, filing=None):
    qs = (
        Application.objects.for_list()
        .filter(committee=committee, state=ChainState.ACCEPTED, approval_entry__isnull=True)
        .order_by("qualification__specialty__series__sort", "applicant__real_name", "pk")
    )
    if filing is not None:
        qs = qs.filter(filing_item__filing=filing)
    return qs

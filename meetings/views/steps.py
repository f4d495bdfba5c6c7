"""The committee's irreversible steps on a meeting — 备案, 公布随机种子摘要, 抽取专家, 开始会议: one
confirm page, then the service. A table, not one view per step (they differed only in their words)."""

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import services
from .common import confirmed, get_meeting_for_committee


def _quorum_text(meeting):
    q = services.quorum(meeting)
    return _("应出席%(m)d人，实到%(p)d人。确认开始评审？") % {"m": q["members"], "p": q["present"]}


# step: (title, confirm text of the meeting, button, service name, done message)
STEPS = {
    "file": (
        gettext_lazy("评审会议备案"),
        lambda m: _("确认将《%s》的评审对象和专家抽取方案报职称办公室备案？提交后不能修改。") % m.title,
        gettext_lazy("确认无误我要提交"),
        "file_meeting",
        gettext_lazy("评审会议备案已提交职称办公室。"),
    ),
    "draw-prepare": (
        gettext_lazy("公布随机种子摘要"),
        lambda m: _("平台将生成随机种子并公布其SHA-256摘要；公布后评审对象和抽取人数不能再修改。"),
        gettext_lazy("生成并公布"),
        "prepare_draw",
        gettext_lazy("已公布随机种子摘要。"),
    ),
    "draw-run": (
        gettext_lazy("抽取专家"),
        lambda m: _("随机种子摘要：%s。确认抽取？抽取后公布种子，任何人可据此复核抽取结果。") % m.seed_hash,
        gettext_lazy("抽取"),
        "run_draw",
        gettext_lazy("专家已抽取，随机种子已公布。"),
    ),
    "open": (
        gettext_lazy("开始会议"),
        _quorum_text,
        gettext_lazy("开始会议"),
        "open_meeting",
        gettext_lazy("会议已开始，专家可以投票。"),
    ),
}


@login_required
def meeting_step(request, pk, step):
    meeting = get_meeting_for_committee(request.user, pk)
    title, text, button, service, ok = STEPS[step]
    return confirmed(
        request,
        meeting,
        title=title,
        text=text(meeting),
        button=button,
        fn=getattr(services, service),
        ok=ok,
    )

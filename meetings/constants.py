from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingState(models.TextChoices):
    DRAFT = "draft", _("筹备中")
    DRAWN = "drawn", _("已抽取专家")
    OPEN = "open", _("评审中")
    CLOSED = "closed", _("已结束")


class MemberRole(models.TextChoices):
    MEMBER = "member", _("评审专家")
    RESERVE = "reserve", _("备选专家")


class ChairRole(models.TextChoices):
    NONE = "", _("委员")
    CHAIR = "chair", _("主任委员")
    VICE = "vice", _("副主任委员")


class Choice(models.TextChoices):
    AGREE = "agree", _("同意")
    DISAGREE = "disagree", _("不同意")
    ABSTAIN = "abstain", _("弃权")


class WithdrawalKind(models.TextChoices):
    DRAW = "draw", _("抽取时回避")
    DECLARED = "declared", _("专家申请回避")
    ORDERED = "ordered", _("评审委员会决定回避")


def quorum_met(present, members):
    """A meeting opens when at least 2/3 of its members are present (integers, no rounding)."""
    return members > 0 and present * 3 >= members * 2


def needed_for_quorum(present, members):
    """How many more members must be present: the smallest n with (present + n) * 3 >= members * 2."""
    need = -(-(members * 2) // 3) - present
    return max(need, 0)


def passes(agree, present):
    """A candidate passes when 同意 reach at least 2/3 of the experts present (exactly 2/3 passes)."""
    return present > 0 and agree * 3 >= present * 2


class ObjectionStatus(models.TextChoices):
    PENDING = "pending", _("待处理")
    UPHELD = "upheld", _("成立")
    REJECTED = "rejected", _("不成立")


# 公示 periods: never fewer than this many working days (issue 12; guide 001 says 7 calendar days)
MIN_PUBLICITY_DAYS = 5
MAX_PUBLICITY_DAYS = 30  # a committee setting above this is a typo, not a period
OBJECTION_MAX_CHARS = 1000  # 异议内容

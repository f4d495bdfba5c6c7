import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from zhicheng.files import private_upload_to

from .constants import (
    MIN_PUBLICITY_DAYS,
    OBJECTION_MAX_CHARS,
    ChairRole,
    Choice,
    MeetingState,
    MemberRole,
    ObjectionStatus,
    WithdrawalKind,
)


class Meeting(ConcurrentTransitionMixin, models.Model):
    """评审会议 of one committee for one accepted 事前备案; its 评审会议备案 is `record`."""

    committee = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("评审委员会"),
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    filing = models.ForeignKey(
        "filings.Filing", verbose_name=_("事前备案"), on_delete=models.PROTECT, related_name="meetings"
    )
    record = models.OneToOneField(
        "filings.Filing",
        verbose_name=_("评审会议备案"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meeting_of_record",
        editable=False,
    )
    title = models.CharField(_("会议名称"), max_length=200)
    meeting_date = models.DateField(_("上会时间"))
    location = models.CharField(_("会议地点"), max_length=200, blank=True)
    state = FSMField(
        _("状态"), default=MeetingState.DRAFT, choices=MeetingState.choices, protected=True, db_index=True
    )
    # The draw: the hash is recorded and shown before the draw, the seed only after it.
    seed = models.CharField(max_length=64, blank=True, editable=False)
    seed_hash = models.CharField(_("随机种子SHA-256"), max_length=64, blank=True, editable=False)
    seed_hash_at = models.DateTimeField(_("种子摘要公布时间"), null=True, blank=True, editable=False)
    eligible = models.JSONField(_("可抽取专家名单"), default=list, blank=True, editable=False)
    drawn_at = models.DateTimeField(_("抽取时间"), null=True, blank=True, editable=False)
    opened_at = models.DateTimeField(_("开始时间"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-meeting_date", "-pk"]
        verbose_name = _("评审会议")
        verbose_name_plural = _("评审会议")

    def __str__(self):
        return self.title

    @property
    def seed_revealed(self):
        return self.drawn_at is not None

    @transition(field=state, source=MeetingState.DRAFT, target=MeetingState.DRAWN)
    def _t_draw(self):
        pass

    @transition(field=state, source=MeetingState.DRAWN, target=MeetingState.OPEN)
    def _t_open(self):
        pass

    @transition(field=state, source=MeetingState.OPEN, target=MeetingState.CLOSED)
    def _t_close(self):
        pass


class Quota(models.Model):
    """How many experts (and reserves) the draw takes for one specialty."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="quotas")
    specialty = models.ForeignKey("filings.Specialty", verbose_name=_("专业"), on_delete=models.PROTECT)
    members = models.PositiveSmallIntegerField(_("抽取人数"))
    reserves = models.PositiveSmallIntegerField(_("备选人数"), default=0)

    class Meta:
        unique_together = [("meeting", "specialty")]
        ordering = ["specialty__code"]
        verbose_name = _("抽取人数")
        verbose_name_plural = _("抽取人数")

    def __str__(self):
        return f"{self.specialty} × {self.members}"


class Candidate(models.Model):
    """An application on a meeting; the tally is copied from the counters when voting closes."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="candidates")
    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="meeting_candidacies"
    )
    voting_closed = models.BooleanField(_("已结束投票"), default=False)
    present = models.PositiveSmallIntegerField(_("出席人数"), null=True, blank=True)
    agree = models.PositiveSmallIntegerField(_("同意"), null=True, blank=True)
    disagree = models.PositiveSmallIntegerField(_("不同意"), null=True, blank=True)
    abstain = models.PositiveSmallIntegerField(_("弃权"), null=True, blank=True)
    passed = models.BooleanField(_("通过"), null=True, blank=True)

    class Meta:
        unique_together = [("meeting", "application")]
        ordering = ["application__qualification__specialty__code", "application__number"]
        verbose_name = _("评审对象")
        verbose_name_plural = _("评审对象")

    def __str__(self):
        return str(self.application.applicant)


class Member(models.Model):
    """An expert drawn for a meeting (or a reserve), with attendance and the chair's role."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="members")
    expert = models.ForeignKey("experts.Expert", on_delete=models.PROTECT, related_name="assignments")
    specialty = models.ForeignKey("filings.Specialty", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("类别"), max_length=8, choices=MemberRole.choices)
    rank = models.PositiveSmallIntegerField(_("抽取顺序"))
    present = models.BooleanField(_("出席"), default=False)
    chair_role = models.CharField(_("职务"), max_length=6, choices=ChairRole.choices, blank=True, default="")
    # 递补: a reserve who takes the seat of an absent member; its role stays "reserve" so the
    # recorded draw (and verify_draw) is unchanged
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("递补"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )

    class Meta:
        unique_together = [("meeting", "expert")]
        ordering = ["meeting", "role", "specialty__code", "rank"]
        verbose_name = _("会议专家")
        verbose_name_plural = _("会议专家")

    def __str__(self):
        return f"{self.expert} @ {self.meeting_id}"

    @property
    def seated(self):
        """A drawn member, or a reserve who took an absent member's seat."""
        return self.role == MemberRole.MEMBER or self.replaces_id is not None


# members who hold a seat at the meeting (see Member.seated)
SEATED = models.Q(role=MemberRole.MEMBER) | models.Q(replaces__isnull=False)


class Withdrawal(models.Model):
    """回避: an expert who may not vote on a candidate, and why (kept in the meeting's record)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="withdrawals")
    expert = models.ForeignKey("experts.Expert", on_delete=models.PROTECT, related_name="+")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="withdrawals")
    kind = models.CharField(_("类型"), max_length=10, choices=WithdrawalKind.choices)
    reason = models.CharField(_("回避原因"), max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "candidate", "pk"]
        verbose_name = _("回避")
        verbose_name_plural = _("回避")

    def __str__(self):
        return self.reason


# ---- the secret ballot ------------------------------------------------------------------------------
# Who voted (BallotCast) and what was voted (VoteCount) share nothing but the candidate: random UUID
# keys, no timestamps, no user on the counter, and a vote is a counter increment, not a row, so no
# ordering of rows can pair a voter with a choice (tests/meetings/test_secrecy.py reads the schema).
class BallotCast(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="ballots_cast")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["candidate", "member"], name="one_ballot_per_member")]
        verbose_name = _("投票记录")
        verbose_name_plural = _("投票记录")

    def __str__(self):
        return str(self.id)


class VoteCount(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(max_length=8, choices=Choice.choices)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["candidate", "choice"], name="one_counter_per_choice")]
        verbose_name = _("计票")
        verbose_name_plural = _("计票")

    def __str__(self):
        return f"{self.choice}={self.count}"


# ---- 公示 of results and 异议 (meetings/publicity.py holds the rules) --------------------------------
class PublicitySetting(models.Model):
    """A committee's 公示 period (working days, never fewer than 5) and its default contact."""

    committee = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="publicity_setting"
    )
    period_days = models.PositiveSmallIntegerField(
        _("公示期（工作日）"),
        default=MIN_PUBLICITY_DAYS,
        validators=[MinValueValidator(MIN_PUBLICITY_DAYS)],
        help_text=_("含起始日，按工作日计算；不少于5个工作日"),
    )
    contact = models.CharField(_("异议受理联系方式"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("公示设置")
        verbose_name_plural = _("公示设置")

    def __str__(self):
        return f"{self.committee} · {self.period_days}"


class Publicity(models.Model):
    """评审结果公示 of one meeting: the frozen list of those who passed, its period and fingerprint."""

    committee = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("评审委员会"),
        on_delete=models.PROTECT,
        related_name="publicities",
    )
    meeting = models.OneToOneField(
        Meeting, verbose_name=_("评审会议"), on_delete=models.PROTECT, related_name="publicity"
    )
    title = models.CharField(_("公示标题"), max_length=200)
    start_date = models.DateField(_("公示开始日期"))
    end_date = models.DateField(_("公示结束日期"))
    working_days = models.PositiveSmallIntegerField(_("公示期（工作日）"))
    contact = models.CharField(_("异议受理联系方式"), max_length=200)
    fingerprint = models.CharField(_("名单指纹（SHA-256）"), max_length=64)
    published_at = models.DateTimeField(_("发布时间"), default=timezone.now)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-start_date", "-pk"]
        verbose_name = _("评审结果公示")
        verbose_name_plural = _("评审结果公示")

    def __str__(self):
        return self.title

    def is_open_on(self, day):
        return self.start_date <= day <= self.end_date


class PublicityEntry(models.Model):
    """One person on a 公示, copied when it is published (never the 身份证号)."""

    publicity = models.ForeignKey(Publicity, on_delete=models.CASCADE, related_name="entries")
    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="publicity_entries"
    )
    order = models.PositiveSmallIntegerField(_("序号"))
    name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(_("性别"), max_length=4, blank=True)
    employer = models.CharField(_("工作单位"), max_length=200, blank=True)
    series = models.CharField(_("系列"), max_length=100)
    specialty = models.CharField(_("专业"), max_length=100)
    qualification = models.CharField(_("资格名称"), max_length=100)

    class Meta:
        ordering = ["publicity", "order"]
        constraints = [
            models.UniqueConstraint(fields=["publicity", "application"], name="one_entry_per_person")
        ]
        verbose_name = _("公示人员")
        verbose_name_plural = _("公示人员")

    def __str__(self):
        return self.name

    def canonical(self):
        """What the fingerprint covers, in this order (meetings.publicity.fingerprint_of)."""
        return [
            self.order,
            self.name,
            self.gender,
            self.employer,
            self.series,
            self.specialty,
            self.qualification,
        ]


class Objection(models.Model):
    """异议 raised by anyone, by real name and phone, against one person on a 公示."""

    publicity = models.ForeignKey(Publicity, on_delete=models.CASCADE, related_name="objections")
    entry = models.ForeignKey(
        PublicityEntry, verbose_name=_("异议对象"), on_delete=models.PROTECT, related_name="objections"
    )
    name = models.CharField(_("异议人姓名"), max_length=30)
    phone = models.CharField(_("联系电话"), max_length=11)
    text = models.TextField(_("异议内容"), max_length=OBJECTION_MAX_CHARS)
    attachment = models.FileField(_("附件"), upload_to=private_upload_to, blank=True)
    attachment_name = models.CharField(max_length=200, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    raised_at = models.DateTimeField(_("提出时间"), default=timezone.now)
    status = models.CharField(
        _("处理结果"), max_length=10, choices=ObjectionStatus.choices, default=ObjectionStatus.PENDING
    )
    reasons = models.TextField(_("处理理由"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    handled_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        ordering = ["publicity", "raised_at", "pk"]
        indexes = [models.Index(fields=["ip", "raised_at"])]
        verbose_name = _("异议")
        verbose_name_plural = _("异议")

    def __str__(self):
        return f"{self.name} → {self.entry.name}"

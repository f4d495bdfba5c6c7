import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.constants import OrgKind, OrgLevel
from accounts.models import Organisation, private_upload_to
from zhicheng.workflow import ReviewChainModel

from .constants import LEVEL_RANK, LEVEL_SHORT, ApplicationType, FilingLevel, Level


class Series(models.Model):
    """职称系列 (工程技术, 卫生技术 …); `education` routes 高级 filings to the 教育 track."""

    code = models.CharField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("系列名称"), max_length=50)
    education = models.BooleanField(_("属教育类"), default=False)
    sort = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort", "code"]
        verbose_name = _("职称系列")
        verbose_name_plural = _("职称系列")

    def __str__(self):
        return f"{self.name}系列" if not self.name.endswith("系列") else self.name


class Specialty(models.Model):
    """专业 (机械电子专业(00189)); a 二级专业 has a parent specialty."""

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="specialties")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级专业"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="sub_specialties",
    )
    code = models.CharField(_("专业代码"), max_length=10, unique=True)
    name = models.CharField(_("专业名称"), max_length=60)
    track = models.CharField(_("子序列"), max_length=40, blank=True)

    class Meta:
        ordering = ["series__sort", "code"]
        verbose_name = _("专业")
        verbose_name_plural = _("专业")

    def __str__(self):
        return f"{self.name}({self.code})"


class Qualification(models.Model):
    """资格: a title at a level within a specialty (机械电子专业 / 高级工程师 [副高])."""

    specialty = models.ForeignKey(Specialty, on_delete=models.CASCADE, related_name="qualifications")
    level = models.CharField(_("级别"), max_length=10, choices=Level.choices)
    name = models.CharField(_("资格名称"), max_length=40)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["specialty__series__sort", "specialty__code", "-level"]
        unique_together = [("specialty", "level")]
        verbose_name = _("资格")
        verbose_name_plural = _("资格")

    def __str__(self):
        return f"{self.specialty.series}/{self.specialty.name}/{self.name}"

    @property
    def level_short(self):
        return LEVEL_SHORT[self.level]

    @property
    def rank(self):
        return LEVEL_RANK[self.level]

    @property
    def filing_level(self):
        if self.level in (Level.FUGAO, Level.ZHENGGAO):
            return (
                FilingLevel.GAOJI_EDU_ONLY if self.specialty.series.education else FilingLevel.GAOJI_EXCL_EDU
            )
        return FilingLevel.CHUZHONG


def qualifications_for_level(filing_level):
    qs = Qualification.objects.filter(is_active=True)
    if filing_level == FilingLevel.CHUZHONG:
        return qs.filter(level__in=[Level.YUANJI, Level.ZHULIJI, Level.ZHONGJI])
    qs = qs.filter(level__in=[Level.FUGAO, Level.ZHENGGAO])
    return qs.filter(specialty__series__education=(filing_level == FilingLevel.GAOJI_EDU_ONLY))


class ReviewableQualification(models.Model):
    """可评审专业: which committee may review which qualification (kept by the title offices)."""

    committee = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="reviewable",
        limit_choices_to={"kind": OrgKind.COMMITTEE},
    )
    qualification = models.ForeignKey(Qualification, on_delete=models.CASCADE, related_name="+")

    class Meta:
        unique_together = [("committee", "qualification")]
        verbose_name = _("可评审专业")
        verbose_name_plural = _("可评审专业")

    def __str__(self):
        return f"{self.committee} · {self.qualification}"


class CommitteeSetting(models.Model):
    """Per-committee settings; the return limit for applications defaults to 3 (guide 004)."""

    committee = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="committee_setting")
    return_limit = models.PositiveSmallIntegerField(_("申请书最多退回次数"), default=3)

    class Meta:
        verbose_name = _("评审委员会设置")
        verbose_name_plural = _("评审委员会设置")

    def __str__(self):
        return str(self.committee)


class Filing(ReviewChainModel):
    """评审工作事前备案: committee → 地州/自治区职称办公室 → 已接收材料.

    kind=MEETING is a 评审会议备案 (guide 000): the meetings app files one per meeting, for one
    accepted 事前备案 (`parent`), on the same chain; it has no qualifications of its own, so it
    opens no window, and its content is the `summary` the meetings app writes.

    kind=LOST_REISSUE is a 丢失申领证书批次备案: its content is the list of the committee's
    certificates to re-issue (LostCertificate rows); on acceptance the certificates app
    re-issues them (certificates/receivers.py — filings never imports certificates).
    """

    class Kind(models.TextChoices):
        PRE_REVIEW = "pre_review", _("评审工作事前备案")
        MEETING = "meeting", _("评审会议备案")
        LOST_REISSUE = "lost_reissue", _("丢失申领证书批次备案")

    CHAIN_NAME = _("评审工作事前备案")
    FIRST_NODE_LABEL = _("评审机构")
    FINAL_NODE_LABEL = _("已接收材料")

    committee = models.ForeignKey(
        Organisation, verbose_name=_("评审机构"), on_delete=models.PROTECT, related_name="filings"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    serial_no = models.CharField(_("流水号"), max_length=20, unique=True, null=True, blank=True)
    kind = models.CharField(
        _("备案类型"), max_length=12, choices=Kind.choices, default=Kind.PRE_REVIEW, editable=False
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("事前备案"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meeting_filings",
        editable=False,
    )
    summary = models.TextField(_("会议备案内容"), blank=True, editable=False)
    title = models.CharField(_("标题"), max_length=200)
    type = models.CharField(
        _("类型"), max_length=32, choices=ApplicationType.choices, default=ApplicationType.REVIEW
    )
    work_year = models.PositiveIntegerField(_("工作年度"))
    level = models.CharField(_("备案级别"), max_length=20, choices=FilingLevel.choices)
    location = models.CharField(_("所在地点"), max_length=200, blank=True)
    leader_name = models.CharField(_("负责人姓名"), max_length=30, blank=True)
    leader_phone = models.CharField(_("负责人联系电话"), max_length=30, blank=True)
    contact_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("联系人员"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_name = models.CharField(_("联系人员姓名"), max_length=30, blank=True)
    contact_phone = models.CharField(_("联系人员联系电话"), max_length=30, blank=True)
    contact_mobile = models.CharField(_("联系人员手机"), max_length=20, blank=True)
    notice_title = models.CharField(_("通知标题"), max_length=200, blank=True)
    notice_html = models.TextField(_("通知内容"), blank=True)
    wizard_step = models.PositiveSmallIntegerField(_("已完成步骤"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("评审工作事前备案")
        verbose_name_plural = _("评审工作事前备案")
        permissions = [("review_filing", "可审核备案")]

    def __str__(self):
        return self.title

    def submitter_organisation(self):
        return self.committee

    @property
    def resume_step(self):
        """Where 编辑 resumes a draft: the first step not yet completed (7 when all are)."""
        return min(self.wizard_step + 1, 7)

    def target_office(self):
        """初中级 filings of prefecture committees go to that 地州职称办公室; the rest to 自治区."""
        committee = self.committee
        prefecture = committee.region.prefecture
        if (
            self.level == FilingLevel.CHUZHONG
            and committee.level != OrgLevel.REGION
            and prefecture is not None
        ):
            office = (
                Organisation.objects.approved()
                .filter(kind=OrgKind.TITLE_OFFICE, level=OrgLevel.PREFECTURE, region=prefecture)
                .first()
            )
            if office is not None:
                return office
        return (
            Organisation.objects.approved().filter(kind=OrgKind.TITLE_OFFICE, level=OrgLevel.REGION).first()
        )

    def build_chain(self):
        office = self.target_office()
        return [(office, office.chain_node_label)] if office else []


class FilingQualification(models.Model):
    """A qualification of a filing with its plan times (设置计划时间)."""

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="items")
    qualification = models.ForeignKey(Qualification, on_delete=models.PROTECT, related_name="filing_items")
    apply_start = models.DateField(_("申报开始时间"), null=True, blank=True)
    apply_end = models.DateField(_("申报截止时间"), null=True, blank=True)
    meeting_date = models.DateField(_("上会时间"), null=True, blank=True)
    approval_date = models.DateField(_("批文时间"), null=True, blank=True)

    class Meta:
        unique_together = [("filing", "qualification")]
        ordering = ["qualification__specialty__code", "-qualification__level"]
        verbose_name = _("备案资格")
        verbose_name_plural = _("备案资格")

    def __str__(self):
        return f"{self.filing} · {self.qualification}"

    @property
    def has_times(self):
        return all([self.apply_start, self.apply_end, self.meeting_date, self.approval_date])

    def days_left(self, today: dt.date):
        return (self.apply_end - today).days if self.apply_end else None


class FilingAttachment(models.Model):
    class Kind(models.TextChoices):
        NOTICE = "notice", _("(一)评审工作通知")
        ROSTER = "roster", _("(二)职称评审办事机构工作人员名册")
        PLEDGE = "pledge", _("(四)职称评审办事机构工作人员个人诚信承诺书")
        PLAN = "plan", _("(九)评审工作方案")
        CONDITIONS = "conditions", _("评审条件(仅自主评审上传)")

    REQUIRED = (Kind.ROSTER, Kind.PLEDGE)

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("附件类型"), max_length=16, choices=Kind.choices)
    file = models.FileField(upload_to=private_upload_to)
    original_name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "uploaded_at"]
        verbose_name = _("备案附件")
        verbose_name_plural = _("备案附件")

    def __str__(self):
        return self.original_name


class LostReason(models.TextChoices):
    LOST = "lost", _("遗失")
    DAMAGED = "damaged", _("损毁")


class LostCertificate(models.Model):
    """A row of a 丢失申领证书批次备案: one certificate of the committee to re-issue, its reason and
    the holder's 申请 (a PDF through zhicheng.files). The certificate is named by its number (and
    copied name and title, as shown when it was picked): filings does not import certificates.
    `reissued_no` is written by the certificates app when it re-issues the certificate."""

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="lost_certificates")
    certificate_no = models.CharField(_("证书编号"), max_length=40)
    holder_name = models.CharField(_("姓名"), max_length=30)
    title_label = models.CharField(_("专业技术资格"), max_length=200)
    reason = models.CharField(_("补发原因"), max_length=10, choices=LostReason.choices)
    request_file = models.FileField(_("申请"), upload_to=private_upload_to, blank=True)
    request_name = models.CharField(_("申请文件名"), max_length=200, blank=True)
    reissued_no = models.CharField(_("补发证书编号"), max_length=40, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["filing", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["filing", "certificate_no"], name="one_row_per_lost_certificate")
        ]
        verbose_name = _("补发证书")
        verbose_name_plural = _("补发证书")

    def __str__(self):
        return f"{self.certificate_no} {self.holder_name}"


class SerialCounter(models.Model):
    """流水号 counters: a row per key, incremented under select_for_update, never decremented,
    so a serial number is unique and never reused even when a filing is deleted."""

    key = models.CharField(max_length=40, unique=True)
    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("流水号计数器")
        verbose_name_plural = _("流水号计数器")

    def __str__(self):
        return f"{self.key}={self.value}"


# A person's title records live in their own module (a stable API for backfill and certificates).
from .titles import TitleRecord  # noqa: E402,F401


class PlanTimeChange(ReviewChainModel):
    """设置时间 after acceptance: the committee asks the title office to change one qualification's
    plan times. It travels the filing's chain (committee → the same office → 已生效); the item
    keeps its old times — the ones in force — until the office accepts (filings.plan_times)."""

    CHAIN_NAME = _("计划时间变更")
    FIRST_NODE_LABEL = _("评审机构")
    FINAL_NODE_LABEL = _("已生效")

    item = models.ForeignKey(
        FilingQualification, verbose_name=_("资格"), on_delete=models.CASCADE, related_name="time_changes"
    )
    apply_start = models.DateField(_("申报开始时间"))
    apply_end = models.DateField(_("申报截止时间"))
    meeting_date = models.DateField(_("上会时间"))
    approval_date = models.DateField(_("批文时间"))
    # the times in force when the request was made, shown beside the new ones
    old_apply_start = models.DateField(null=True, blank=True, editable=False)
    old_apply_end = models.DateField(null=True, blank=True, editable=False)
    old_meeting_date = models.DateField(null=True, blank=True, editable=False)
    old_approval_date = models.DateField(null=True, blank=True, editable=False)
    reason = models.TextField(_("变更原因"), max_length=500)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("计划时间变更")
        verbose_name_plural = _("计划时间变更")
        permissions = [("review_plantimechange", "可审核计划时间变更")]

    def __str__(self):
        return f"{self.item.filing.title} · {self.item.qualification}"

    def submitter_organisation(self):
        return self.item.filing.committee

    def build_chain(self):
        return self.item.filing.build_chain()

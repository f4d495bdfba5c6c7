"""申请书 and its sections, opinions, recommendation and attachments.

An application travels 申请人 → 基层工作单位 → [its supervising tree] → 评审机构 → 通过形式审核
on the shared review chain (zhicheng.workflow). The chain is computed when it is submitted.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.constants import OrgKind, RegionLevel
from accounts.models import Organisation, private_upload_to
from filings.constants import ApplicationType
from zhicheng.workflow import ReviewChainModel, WorkflowError

from .sections import DEFAULT_TEMPLATE, SectionKind

DEFAULT_RETURN_LIMIT = 3


# ---- templates: which sections a series' form has (data, edited in the admin) -------------------
class SeriesTemplate(models.Model):
    """The section layout of the 申请书 of one series; the one without a series is the default."""

    series = models.OneToOneField(
        "filings.Series",
        verbose_name=_("职称系列"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="application_template",
        help_text=_("留空表示默认模板(未单独设置模板的系列都使用它)"),
    )
    name = models.CharField(_("模板名称"), max_length=60)

    class Meta:
        verbose_name = _("申请书模板")
        verbose_name_plural = _("申请书模板")
        constraints = [
            models.UniqueConstraint(fields=["series"], name="one_template_per_series"),
            models.UniqueConstraint(
                fields=["name"], condition=models.Q(series__isnull=True), name="one_default_template_name"
            ),
        ]

    def __str__(self):
        return self.name

    @classmethod
    def for_series(cls, series_id):
        """The series' own template, else the default (created from DEFAULT_TEMPLATE if missing)."""
        template = cls.objects.filter(series_id=series_id).first() if series_id else None
        if template is None:
            template = cls.objects.filter(series__isnull=True).order_by("pk").first()
        if template is None:
            template = cls.create_default()
        return template

    @classmethod
    def create_default(cls):
        template = cls.objects.create(name="默认模板")
        TemplateSection.objects.bulk_create(
            TemplateSection(template=template, kind=kind, required=req, attachment_required=att, order=i * 10)
            for i, (kind, req, att) in enumerate(DEFAULT_TEMPLATE, start=1)
        )
        return template

    def section_list(self):
        return list(self.sections.order_by("order", "pk"))


class TemplateSection(models.Model):
    template = models.ForeignKey(SeriesTemplate, on_delete=models.CASCADE, related_name="sections")
    kind = models.CharField(_("栏目"), max_length=20, choices=SectionKind.choices)
    label = models.CharField(_("显示名称"), max_length=40, blank=True, help_text=_("留空使用栏目默认名称"))
    required = models.BooleanField(_("必填"), default=False)
    attachment_required = models.BooleanField(_("必须上传附件"), default=False)
    order = models.PositiveIntegerField(_("顺序"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        unique_together = [("template", "kind")]
        verbose_name = _("模板栏目")
        verbose_name_plural = _("模板栏目")

    def __str__(self):
        return str(self.title)

    @property
    def title(self):
        return self.label or dict(SectionKind.choices).get(self.kind, self.kind)


# ---- the application ---------------------------------------------------------------------------
class ApplicationQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related(
            "applicant", "qualification__specialty__series", "committee__region", "base_unit", "current_org"
        )


class Application(ReviewChainModel):
    CHAIN_NAME = _("申请书")
    FIRST_NODE_LABEL = _("申请人")
    FINAL_NODE_LABEL = _("通过形式审核")

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    number = models.CharField(_("申请书编号"), max_length=12, unique=True, null=True, editable=False)
    year = models.PositiveIntegerField(_("年度"), db_index=True)
    application_type = models.CharField(_("申报类型"), max_length=32, choices=ApplicationType.choices)
    qualification = models.ForeignKey(
        "filings.Qualification", verbose_name=_("资格"), on_delete=models.PROTECT, related_name="applications"
    )
    filing_item = models.ForeignKey(
        "filings.FilingQualification",
        verbose_name=_("备案资格"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    committee = models.ForeignKey(
        Organisation,
        verbose_name=_("评审机构"),
        on_delete=models.PROTECT,
        related_name="committee_applications",
    )
    base_unit = models.ForeignKey(
        Organisation,
        verbose_name=_("基层单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="base_applications",
    )
    # 基本信息 (guide 002, 3.2 header line)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    ethnicity = models.CharField(_("民族"), max_length=4, blank=True)
    political_status = models.CharField(_("政治面貌"), max_length=4, blank=True)
    unit_nature = models.CharField(_("单位性质"), max_length=24, blank=True)
    work_unit_dept = models.CharField(_("工作单位及部门"), max_length=100, blank=True)
    admin_post = models.CharField(_("现任(兼)行政职务"), max_length=60, blank=True)
    work_start_date = models.DateField(_("参加工作时间"), null=True, blank=True)
    is_transfer = models.BooleanField(_("是否转评或跨专业"), default=False)
    current_title = models.CharField(_("现任专业技术职务"), max_length=60, blank=True)
    # 本人承诺 (guide 002, 2.7), recorded at each 上报
    pledged_at = models.DateTimeField(_("本人承诺时间"), null=True, blank=True, editable=False)
    # 扫码接收材料: the paper materials reached the committee
    materials_received_at = models.DateTimeField(_("纸质材料接收时间"), null=True, blank=True, editable=False)
    materials_received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("材料接收人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    # 评审结果: written by the meetings app when a meeting closes voting on this application
    # (applications never imports meetings); the 评审表's 评审委员会 box reads the same fields.
    review_result = models.CharField(
        _("评审结果"),
        max_length=8,
        choices=[("passed", _("通过")), ("failed", _("未通过"))],
        blank=True,
        editable=False,
    )
    review_present = models.PositiveSmallIntegerField(_("出席人数"), null=True, blank=True, editable=False)
    review_agree = models.PositiveSmallIntegerField(_("同意"), null=True, blank=True, editable=False)
    review_disagree = models.PositiveSmallIntegerField(_("不同意"), null=True, blank=True, editable=False)
    review_abstain = models.PositiveSmallIntegerField(_("弃权"), null=True, blank=True, editable=False)
    review_meeting_date = models.DateField(_("评审会议日期"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-created_at"]
        verbose_name = _("申请书")
        verbose_name_plural = _("申请书")
        permissions = [("review_application", "可审核申请书")]
        constraints = [
            # guide 001 温馨提示: one application per qualification per year, counting every type
            models.UniqueConstraint(
                fields=["applicant", "qualification", "year"], name="one_application_per_year"
            )
        ]
        indexes = [
            # 申请书审核 / 我的主页: what an organisation holds now, newest submission first.
            models.Index(fields=["current_org", "state", "-submitted_at", "-id"], name="app_queue_idx"),
            models.Index(fields=["committee", "year"]),
            # committee counters (committee, year, state) and the 花名册's order within a committee.
            models.Index(fields=["committee", "state", "year"], name="app_committee_state_idx"),
            models.Index(
                fields=["committee", "current_label", "number"],
                condition=models.Q(chain_round__gt=0),
                name="app_roster_idx",
            ),
            # the 花名册's counts by node and state: an index-only scan of one committee's range.
            models.Index(
                fields=["committee", "state", "current_label"],
                condition=models.Q(chain_round__gt=0),
                name="app_roster_nodes_idx",
            ),
            # 申请书查询 pages in submission order.
            models.Index(fields=["-submitted_at", "-id"], name="app_submitted_idx"),
        ]

    def __str__(self):
        return self.number or f"申请书#{self.pk}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if not self.number:
            self.number = f"RSSQ{self.pk:08d}"
            type(self).objects.filter(pk=self.pk).update(number=self.number)

    # ---- review chain declarations -----------------------------------------------------------
    def chain_owner_ids(self):
        return super().chain_owner_ids() | {self.applicant_id}

    def build_chain(self):
        unit = self.base_unit
        if unit is None:
            raise WorkflowError(_("请先在基本信息中选择基层单位。"))
        chain = [(unit, _("基层工作单位"))]
        chain += [
            (org, org.chain_node_label) for org in unit.supervising_chain() if org.pk != self.committee_id
        ]
        chain.append((self.committee, _("评审机构")))
        return chain

    def partial_chain(self):
        """Before a 基层单位 is chosen the diagram still shows where the form will travel."""
        return [(None, _("基层工作单位")), (self.committee, _("评审机构"))]

    def get_return_limit(self):
        from filings.models import CommitteeSetting

        limit = (
            CommitteeSetting.objects.filter(committee_id=self.committee_id)
            .values_list("return_limit", flat=True)
            .first()
        )
        return limit if limit is not None else DEFAULT_RETURN_LIMIT

    # ---- display -----------------------------------------------------------------------------------
    @property
    def region_label(self):
        region = self.committee.region
        return "自治区" if region.level == RegionLevel.REGION else region.name

    @property
    def qualification_label(self):
        """[自治区][副高]机械电子专业/高级工程师 (guide 001)."""
        q = self.qualification
        return f"[{self.region_label}][{q.level_short}]{q.specialty.name}/{q.name}"

    @property
    def proposed_title(self):
        """拟评专业技术职务: [自治区]工程系列-机械电子专业-高级工程师 (guide 002, 3.2)."""
        q = self.qualification
        return f"[{self.region_label}]{q.specialty.series}-{q.specialty.name}-{q.name}"

    @property
    def deadline_text(self):
        """距提交截止还有N天 / 提交已截止N天 (guide 001)."""
        from django.utils import timezone

        end = self.filing_item.apply_end
        if end is None:
            return ""
        days = (end - timezone.localdate()).days
        if days >= 0:
            return _("距提交截止还有%(n)s天") % {"n": days}
        return _("提交已截止%(n)s天") % {"n": -days}

    @property
    def ever_submitted(self):
        return self.chain_round > 0

    def template(self):
        if not hasattr(self, "_template_cache"):
            self._template_cache = SeriesTemplate.for_series(self.qualification.specialty.series_id)
        return self._template_cache

    def unit_is_base(self):
        """The 基层工作单位 node holds it — or the supervising unit acting for a unit whose only
        admin is the applicant himself (zhicheng.chain_owners)."""
        if self.current_org_id is None:
            return False
        if self.current_org_id == self.base_unit_id:
            return True
        return self.current_step_id is not None and self.current_step.position == 1

    @property
    def at_committee(self):
        return self.current_org_id is not None and self.current_org_id == self.committee_id


# ---- sections: reusable bases for any form made of these section kinds (backfill reuses them) ---
class SectionEntryBase(models.Model):
    """One row of a repeating section; `data` is validated by sections.form_for(kind)."""

    kind = models.CharField(_("栏目"), max_length=20, choices=SectionKind.choices)
    data = models.JSONField(_("内容"), default=dict)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ["kind", "position", "pk"]

    def display(self):
        from .sections import form_for

        return form_for(self.kind).display(self.data)


class SectionAttachmentBase(models.Model):
    """A scan attached to a section: jpg/png/pdf checked by content (see applications.files)."""

    kind = models.CharField(_("栏目"), max_length=20, choices=SectionKind.choices)
    file = models.FileField(upload_to=private_upload_to)
    original_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["kind", "uploaded_at", "pk"]


class SectionEntry(SectionEntryBase):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="entries")

    class Meta(SectionEntryBase.Meta):
        verbose_name = _("申请书栏目记录")
        verbose_name_plural = _("申请书栏目记录")
        indexes = [models.Index(fields=["application", "kind"])]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"


class SectionAttachment(SectionAttachmentBase):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")

    class Meta(SectionAttachmentBase.Meta):
        verbose_name = _("申请书附件")
        verbose_name_plural = _("申请书附件")

    def __str__(self):
        return self.original_name


# ---- review: opinions and the base unit's recommendation -----------------------------------------
class Opinion(models.Model):
    """修改意见 on one section (每个栏目都可以填写审核意见), kept per submission round."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="opinions")
    kind = models.CharField(_("栏目"), max_length=20, choices=SectionKind.choices)
    text = models.TextField(_("修改意见"), max_length=1000)
    round = models.PositiveIntegerField(_("轮次"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-round", "kind", "created_at"]
        verbose_name = _("修改意见")
        verbose_name_plural = _("修改意见")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "round", "organisation", "kind"], name="one_opinion_per_section"
            )
        ]

    def __str__(self):
        return self.text[:30]


class Recommendation(models.Model):
    """基层单位推荐意见 (guide 002, 3.3): required before the base unit's 上报."""

    MIN_LENGTH = 20
    MAX_LENGTH = 1000

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="recommendation")
    leader = models.CharField(_("单位负责人"), max_length=30)
    phone = models.CharField(_("联系电话"), max_length=30)
    mobile = models.CharField(_("负责人手机"), max_length=20)
    email = models.EmailField(_("EMail"))
    text = models.TextField(_("推荐意见"))
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("基层单位推荐意见")
        verbose_name_plural = _("基层单位推荐意见")

    def __str__(self):
        return self.text[:30]


def approved_base_units():
    """What the 基层单位 picker offers (guide 002, 2.4): registered and approved units only."""
    return Organisation.objects.approved().filter(kind=OrgKind.BASE_UNIT)


class UnitPublicity(models.Model):
    """推荐单位公示 (guide 004, 纸质材料报送): the base unit publicises the applicant within the unit
    for at least 5 working days (含起始日) and forwards only after the period has ended; its photo
    of the notice and the signed 公示结果 are part of the materials. One per application, kept when
    the application is returned; the rules are in applications.unit_publicity."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="unit_publicity")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("公示单位"), on_delete=models.PROTECT, related_name="+"
    )
    start = models.DateField(_("公示开始日期"))
    end = models.DateField(_("公示结束日期"))
    office = models.CharField(_("受理异议的办公室"), max_length=60)
    phone = models.CharField(_("监督电话"), max_length=30)
    politics = models.CharField(_("思想政治条件"), max_length=500)
    photo = models.FileField(_("公示照片"), upload_to=private_upload_to, blank=True)
    photo_name = models.CharField(_("公示照片文件名"), max_length=200, blank=True)
    photo_type = models.CharField(max_length=40, blank=True)
    result = models.FileField(_("公示结果"), upload_to=private_upload_to, blank=True)
    result_name = models.CharField(_("公示结果文件名"), max_length=200, blank=True)
    result_type = models.CharField(max_length=40, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("推荐单位公示")
        verbose_name_plural = _("推荐单位公示")

    def __str__(self):
        return f"{self.application} {self.start}–{self.end}"


class Reach(models.Model):
    """申请书查询's index: one row per (application, organisation it has reached) — a started chain
    step of that organisation, the holder included — with the application's state copied, so that
    "passed through my organisation" is one probe of a unique index and an organisation's counters
    one range of another, instead of an EXISTS over the step table. The step rows stay the record; these rows
    are derived from them by applications.reach on every chain transition (and by migration 0007
    for what existed before)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reaches")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=16)

    class Meta:
        verbose_name = _("申请书经办单位")
        verbose_name_plural = _("申请书经办单位")
        constraints = [
            models.UniqueConstraint(fields=["application", "organisation"], name="one_reach_per_org")
        ]
        indexes = [
            # 申请书查询's counters (全部 / 审核中 / 通过形式审核): an index-only scan per organisation.
            models.Index(fields=["organisation", "state"], name="reach_org_state_idx"),
        ]

    def __str__(self):
        return f"{self.application_id} → {self.organisation_id}"

"""补录申报表 (guide 003): one form per person per title, its 16 sections and attachments.

It travels 申请人 → 基层工作单位 → 主管单位 on the shared review chain (zhicheng.workflow);
an accepted form becomes the person's TitleRecord (filings.titles) with source 补录.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, private_upload_to
from applications.models import SectionEntryBase
from filings.titles import TitleMethod
from zhicheng.workflow import ReviewChainModel, WorkflowError

from .constants import AttachmentKind, IssuerArea, IssuerKind

BACKFILL_METHODS = [(m.value, m.label) for m in TitleMethod if m != TitleMethod.EXAM]


class Issuer(models.Model):
    """历史评审委员会及发证单位, kept by the platform admin: many no longer exist as organisations."""

    kind = models.CharField(_("类别"), max_length=10, choices=IssuerKind.choices)
    area = models.CharField(_("职称评审区域"), max_length=12, choices=IssuerArea.choices)
    name = models.CharField(_("名称"), max_length=100)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("对应平台机构"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("该评审委员会仍在平台上时可关联；历史机构留空"),
    )
    is_active = models.BooleanField(_("可选"), default=True)
    sort = models.PositiveIntegerField(_("顺序"), default=0)

    class Meta:
        ordering = ["kind", "area", "sort", "name"]
        unique_together = [("kind", "area", "name")]
        verbose_name = _("历史评审委员会及发证单位")
        verbose_name_plural = _("历史评审委员会及发证单位")

    def __str__(self):
        return self.name


class Backfill(ReviewChainModel):
    CHAIN_NAME = _("补录申报表")
    FIRST_NODE_LABEL = _("申请人")
    FINAL_NODE_LABEL = _("补录完成")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="backfills"
    )
    base_unit = models.ForeignKey(
        Organisation,
        verbose_name=_("基层工作单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="base_backfills",
    )
    # B. 专业技术资格
    method = models.CharField(_("取得方式"), max_length=16, choices=BACKFILL_METHODS)
    area = models.CharField(_("职称评审区域"), max_length=12, choices=IssuerArea.choices)
    committee = models.ForeignKey(
        Issuer, verbose_name=_("发证评审委员会"), on_delete=models.PROTECT, related_name="+"
    )
    issuing_unit = models.ForeignKey(
        Issuer, verbose_name=_("发证单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    qualification = models.ForeignKey(
        "filings.Qualification", verbose_name=_("专业技术资格"), on_delete=models.PROTECT, related_name="+"
    )
    sub_specialty = models.ForeignKey(
        "filings.Specialty",
        verbose_name=_("二级专业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    granted_on = models.DateField(_("授予时间"))
    certificate_no = models.CharField(_("证书编号"), max_length=40)
    approval_prefix = models.CharField(_("文号前缀"), max_length=30)
    approval_year = models.PositiveSmallIntegerField(_("年份"))
    approval_seq = models.CharField(_("序号"), max_length=10)
    approval_name = models.CharField(_("任职资格批文名称"), max_length=200)
    # C. 批文公示（通知）网址
    notice_url = models.URLField(_("批文公示（通知）网址"), max_length=300)
    # 基本信息 (the first of the 16 sections)
    ethnicity = models.CharField(_("民族"), max_length=4, blank=True)
    political_status = models.CharField(_("政治面貌"), max_length=4, blank=True)
    work_unit_dept = models.CharField(_("工作单位及部门"), max_length=100, blank=True)
    admin_post = models.CharField(_("现任(兼)行政职务"), max_length=60, blank=True)
    work_start_date = models.DateField(_("参加工作时间"), null=True, blank=True)
    photos_confirmed_at = models.DateTimeField(_("照片确认时间"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("补录申报表")
        verbose_name_plural = _("补录申报表")
        permissions = [("review_backfill", "可审核补录申报表")]
        constraints = [
            # 一人一职称一张补录申报表
            models.UniqueConstraint(fields=["person", "qualification"], name="one_backfill_per_title")
        ]
        indexes = [models.Index(fields=["current_org", "state"])]

    def __str__(self):
        return self.number

    @property
    def number(self):
        return f"BL{self.pk:08d}" if self.pk else ""

    @property
    def approval_no(self):
        """新经信人事【2011】3号 (guide 003, B.5)."""
        seq = self.approval_seq.strip()
        if seq and not seq.endswith("号"):
            seq += "号"
        return f"{self.approval_prefix.strip()}【{self.approval_year}】{seq}"

    @property
    def title_label(self):
        q = self.qualification
        label = f"{q.specialty.series}-{q.specialty.name}-{q.name}"
        return f"{label}({self.sub_specialty.name})" if self.sub_specialty_id else label

    # ---- review chain declarations -----------------------------------------------------------
    def supervising_unit(self):
        unit = self.base_unit
        return unit.parent if unit is not None and unit.parent_id else None

    def build_chain(self):
        unit = self.base_unit
        if unit is None:
            raise WorkflowError(_("请先在基本信息中选择基层工作单位。"))
        parent = self.supervising_unit()
        if parent is None:
            raise WorkflowError(_("基层工作单位未设置主管单位，无法提交；请联系单位管理员。"))
        return [(unit, _("基层工作单位")), (parent, _("主管单位"))]

    def partial_chain(self):
        return [(None, _("基层工作单位")), (None, _("主管单位"))]

    def status_text(self):
        """状态查询 (guide 003, 第四章): 已经提交至基层工作单位 …"""
        from zhicheng.workflow import ChainState

        if self.state == ChainState.IN_REVIEW:
            return _("已经提交至%(node)s（%(org)s）") % {
                "node": self.current_label,
                "org": self.current_org.name if self.current_org else "",
            }
        if self.state == ChainState.ACCEPTED:
            return _("补录完成，已记入本人职称记录")
        if self.state == ChainState.RETURNED:
            return _("已退回，请修改后重新提交")
        if self.state == ChainState.CLOSED:
            return _("已关闭")
        return _("草稿，尚未提交")


class BackfillEntry(SectionEntryBase):
    backfill = models.ForeignKey(Backfill, on_delete=models.CASCADE, related_name="entries")

    class Meta(SectionEntryBase.Meta):
        verbose_name = _("补录栏目记录")
        verbose_name_plural = _("补录栏目记录")
        indexes = [models.Index(fields=["backfill", "kind"])]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"


class BackfillAttachment(models.Model):
    backfill = models.ForeignKey(Backfill, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("附件类型"), max_length=16, choices=AttachmentKind.choices)
    file = models.FileField(upload_to=private_upload_to)
    original_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "uploaded_at", "pk"]
        verbose_name = _("补录附件")
        verbose_name_plural = _("补录附件")

    def __str__(self):
        return self.original_name

    @property
    def is_image(self):
        return self.content_type.startswith("image/")

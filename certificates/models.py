"""批文 (approval documents), 电子证书 (signed e-certificates), their issue batches, revocations
and the 证书查询 log.

A 批文 travels 评审机构 → 职称办公室 (地州 or 自治区, as the filing did) on the shared review chain
(zhicheng.workflow); its approval starts the certificate batch (certificates/receivers.py).
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from zhicheng.workflow import ReviewChainModel, WorkflowError


def _token():
    return secrets.token_urlsafe(18)


def _pdf_upload_to(instance, filename):
    return f"certificates/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.pdf"


class ApprovalSetting(models.Model):
    """A committee's 批文 number prefix (e.g. 新经信人事); serials are counted per prefix and year."""

    committee = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="approval_setting")
    prefix = models.CharField(
        _("批文号前缀"), max_length=30, help_text=_("如 新经信人事；编号为 前缀〔年份〕序号号")
    )

    class Meta:
        verbose_name = _("批文编号设置")
        verbose_name_plural = _("批文编号设置")

    def __str__(self):
        return f"{self.committee} {self.prefix}"


class Approval(ReviewChainModel):
    """批文: 关于批准张某某等N位同志取得……专业技术职务任职资格的通知."""

    CHAIN_NAME = _("批文")
    FIRST_NODE_LABEL = _("评审机构")
    FINAL_NODE_LABEL = _("已批准")

    committee = models.ForeignKey(
        Organisation, verbose_name=_("评审机构"), on_delete=models.PROTECT, related_name="approvals"
    )
    filing = models.ForeignKey(
        "filings.Filing", verbose_name=_("备案"), on_delete=models.PROTECT, related_name="approvals"
    )
    number = models.CharField(_("批文号"), max_length=60, unique=True)
    year = models.PositiveIntegerField(_("年份"))
    serial = models.PositiveIntegerField(_("序号"))
    title = models.CharField(_("标题"), max_length=300)
    body = models.TextField(_("正文"))
    granted_on = models.DateField(_("授予时间"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    pdf = models.FileField(upload_to=_pdf_upload_to, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("批文")
        verbose_name_plural = _("批文")
        permissions = [("review_approval", "审核批文")]

    def __str__(self):
        return self.number

    def submitter_organisation(self):
        return self.committee

    def build_chain(self):
        office = self.filing.target_office()
        if office is None:
            raise WorkflowError("未找到受理该批文的职称办公室。")
        return [(office, office.chain_node_label)]


class ApprovalEntry(models.Model):
    """One person on a 批文 (an application that passed); an application is on one 批文 at most."""

    approval = models.ForeignKey(Approval, on_delete=models.CASCADE, related_name="entries")
    application = models.OneToOneField(
        "applications.Application", on_delete=models.PROTECT, related_name="approval_entry"
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["approval", "order", "pk"]
        verbose_name = _("批文人员")
        verbose_name_plural = _("批文人员")

    def __str__(self):
        return f"{self.approval} #{self.order}"


class CertStatus(models.TextChoices):
    VALID = "valid", _("有效")
    REVOKED = "revoked", _("已撤销")
    REISSUED = "reissued", _("已补发")


class Certificate(models.Model):
    """职称电子证书: the facts are copied at issuance, so later edits of a profile change nothing."""

    number = models.CharField(_("证书编号"), max_length=20, unique=True)
    token = models.CharField(max_length=32, unique=True, default=_token, editable=False)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("持证人"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    entry = models.ForeignKey(ApprovalEntry, on_delete=models.PROTECT, related_name="certificates")
    approval = models.ForeignKey(Approval, on_delete=models.PROTECT, related_name="certificates")
    name = models.CharField(_("姓名"), max_length=30)
    gender = models.CharField(_("性别"), max_length=4, blank=True)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    id_number = models.CharField(_("身份证号"), max_length=18, db_index=True)
    series = models.CharField(_("系列"), max_length=50)
    specialty = models.CharField(_("专业"), max_length=60)
    qualification = models.CharField(_("资格名称"), max_length=40)
    level = models.CharField(_("级别"), max_length=10)
    acquisition = models.CharField(_("取得方式"), max_length=30)
    committee_name = models.CharField(_("评审委员会"), max_length=100)
    approval_number = models.CharField(_("批文号"), max_length=60)
    granted_on = models.DateField(_("授予时间"))
    status = models.CharField(_("状态"), max_length=10, choices=CertStatus.choices, default=CertStatus.VALID)
    revoke_reason = models.TextField(_("撤销原因"), blank=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self", verbose_name=_("补发证书"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pdf = models.FileField(upload_to=_pdf_upload_to, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    issued_at = models.DateTimeField(_("签发时间"), default=timezone.now)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("电子证书")
        verbose_name_plural = _("电子证书")
        permissions = [("review_certificate", "审核电子证书")]

    def __str__(self):
        return f"{self.number} {self.name}"

    @property
    def masked_id(self):
        return f"{self.id_number[:6]}********{self.id_number[-4:]}" if len(self.id_number) == 18 else "****"

    @property
    def is_valid(self):
        return self.status == CertStatus.VALID

    @property
    def title_label(self):
        """工程系列/机械电子专业/工程师 (the 丢失申领证书批次备案 lists certificates by it)."""
        return f"{self.series}/{self.specialty}/{self.qualification}"


class IssueBatch(models.Model):
    """The certificates of one approved 批文 — or the re-issued certificates of one accepted
    丢失申领证书批次备案 (`filing`; certificates/reissue.py) — made on Celery; the committee
    watches `done/total`. Exactly one of `approval` and `filing` is set."""

    class State(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("签发中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    approval = models.OneToOneField(
        Approval, null=True, blank=True, on_delete=models.CASCADE, related_name="batch"
    )
    filing = models.OneToOneField(
        "filings.Filing", null=True, blank=True, on_delete=models.CASCADE, related_name="reissue_batch"
    )
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.QUEUED)
    total = models.PositiveIntegerField(_("总数"), default=0)
    done = models.PositiveIntegerField(_("已签发"), default=0)
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("证书签发批次")
        verbose_name_plural = _("证书签发批次")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(approval__isnull=False, filing__isnull=True)
                | models.Q(approval__isnull=True, filing__isnull=False),
                name="batch_of_approval_or_filing",
            )
        ]

    def __str__(self):
        return f"{self.approval or self.filing} {self.done}/{self.total}"

    @property
    def percent(self):
        return 100 if not self.total else int(self.done * 100 / self.total)


class Reissue(models.Model):
    """补发: a lost (遗失) or damaged (损毁) certificate replaced by a new one with a new number and
    the same facts, through an accepted 丢失申领证书批次备案. The old certificate says 已补发 and
    points to the new one (`replaced_by`) from the accepting transaction on; the new one's PDF is
    rendered and signed on Celery (IssueBatch of the filing)."""

    filing = models.ForeignKey(
        "filings.Filing", verbose_name=_("备案"), on_delete=models.PROTECT, related_name="reissues"
    )
    old = models.OneToOneField(
        Certificate, verbose_name=_("原证书"), on_delete=models.PROTECT, related_name="reissue"
    )
    new = models.OneToOneField(
        Certificate, verbose_name=_("补发证书"), on_delete=models.PROTECT, related_name="reissued_from"
    )
    reason = models.CharField(_("补发原因"), max_length=10)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("证书补发")
        verbose_name_plural = _("证书补发")

    def __str__(self):
        return f"{self.old.number} → {self.new.number}"


class Revocation(ReviewChainModel):
    """撤销: asked by the committee with a reason, approved by the title office."""

    CHAIN_NAME = _("证书撤销")
    FIRST_NODE_LABEL = _("评审机构")
    FINAL_NODE_LABEL = _("已撤销")
    RETURN_LIMIT = 1  # the office refusing a request closes it

    certificate = models.ForeignKey(Certificate, on_delete=models.PROTECT, related_name="revocations")
    reason = models.TextField(_("撤销原因"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("证书撤销")
        verbose_name_plural = _("证书撤销")
        permissions = [("review_revocation", "审核证书撤销")]

    def __str__(self):
        return f"{self.certificate.number} {self.get_state_display()}"

    def submitter_organisation(self):
        return self.certificate.approval.committee

    def build_chain(self):
        return self.certificate.approval.build_chain()


class CertificateQuery(models.Model):
    """Every 证书查询 attempt: the rate limit counts them per IP; hits form the holder's 查询记录."""

    class Method(models.TextChoices):
        NUMBER = "number", _("证书编号+姓名")
        ID = "id", _("身份证号+姓名")
        QR = "qr", _("扫码验证")

    at = models.DateTimeField(_("查询时间"), default=timezone.now, db_index=True)
    ip = models.GenericIPAddressField(_("IP"), null=True, blank=True)
    method = models.CharField(_("查询方式"), max_length=8, choices=Method.choices)
    certificate = models.ForeignKey(
        Certificate, null=True, blank=True, on_delete=models.CASCADE, related_name="queries"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["ip", "at"])]
        verbose_name = _("证书查询记录")
        verbose_name_plural = _("证书查询记录")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_method_display()}"

    @property
    def masked_ip(self):
        if not self.ip:
            return ""
        parts = self.ip.split(".")
        return ".".join(parts[:2] + ["*", "*"]) if len(parts) == 4 else self.ip.split(":")[0] + ":*"

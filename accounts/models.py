import uuid

from django.contrib.auth.models import AbstractUser, Group
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhicheng.files import private_upload_to  # noqa: F401  (migrations name it here)
from zhicheng.workflow import ReviewChainModel

from .constants import SUPERVISING_NODE_LABELS, Gender, OrgKind, OrgLevel, RegionLevel, Role, UnitNature


class Region(models.Model):
    code = models.CharField(_("区划代码"), max_length=6, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    level = models.CharField(_("级别"), max_length=12, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    south_xinjiang_four = models.BooleanField(_("南疆四地州"), default=False)
    sort = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort", "code"]
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")

    def __str__(self):
        return self.name

    @property
    def platform_label(self):
        return _("自治区本级") if self.level == RegionLevel.REGION else self.name

    @property
    def prefecture(self):
        """The 地州 a region belongs to (itself for a prefecture, None for the region level)."""
        if self.level == RegionLevel.PREFECTURE:
            return self
        if self.level == RegionLevel.COUNTY:
            return self.parent
        return None


class OrganisationQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(state=Organisation.State.ACCEPTED, is_active=True)

    def base_units(self):
        return self.filter(kind=OrgKind.BASE_UNIT)


class Organisation(ReviewChainModel):
    """Every body on the platform: base units, supervising units, committees, title offices.

    A base unit's registration travels on the review chain to its 材料接收部门 (`parent`);
    supervising units form a tree up to the region through `parent` as well.
    """

    CHAIN_NAME = _("单位注册")
    AUDIT_NAME = "accounts.unit"
    FIRST_NODE_LABEL = _("基层单位")
    FINAL_NODE_LABEL = _("审核通过")

    name = models.CharField(_("单位名称"), max_length=100)
    short_code = models.CharField(_("单位编号"), max_length=20, unique=True, editable=False)
    kind = models.CharField(_("单位类型"), max_length=16, choices=OrgKind.choices)
    level = models.CharField(_("层级"), max_length=12, choices=OrgLevel.choices, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("所在地区"), on_delete=models.PROTECT, related_name="organisations"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("材料接收部门(主管单位)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True, db_index=True)
    credit_code_override = models.BooleanField(
        _("信用代码校验豁免"),
        default=False,
        help_text=_("早期赋码未通过校验位检查、经平台管理员核实的单位"),
    )
    unit_nature = models.CharField(_("单位性质"), max_length=24, choices=UnitNature.choices, blank=True)
    address = models.CharField(_("单位地址"), max_length=200, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=30, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    licence = models.FileField(_("机构代码证或营业执照"), upload_to=private_upload_to, blank=True)
    licence_name = models.CharField(max_length=200, blank=True)
    group = models.OneToOneField(Group, null=True, blank=True, on_delete=models.SET_NULL, editable=False)
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["region__sort", "region__code", "kind", "name"]
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        permissions = [("review_organisation", "可审核单位注册")]
        constraints = [
            # one unit per code, the 早期赋码 override included; bodies without a code are exempt
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=~models.Q(credit_code=""),
                name="organisation_unique_credit_code",
                violation_error_message=_("该统一社会信用代码已注册。"),
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.short_code:
            self.short_code = "DWBH" + uuid.uuid4().hex[:8].upper()
        super().save(*args, **kwargs)
        if self.group_id is None:
            group, _created = Group.objects.get_or_create(name=f"org:{self.short_code}")
            Organisation.objects.filter(pk=self.pk).update(group=group)
            self.group = group

    @property
    def is_approved(self):
        return self.state == self.State.ACCEPTED

    @property
    def chain_node_label(self):
        """The label this body carries as a node of an application's chain (guide 001)."""
        if self.kind == OrgKind.BASE_UNIT:
            return _("基层工作单位")
        if self.kind == OrgKind.COMMITTEE:
            return _("评审机构")
        if self.kind == OrgKind.TITLE_OFFICE:
            return _("地州职称办公室") if self.level == OrgLevel.PREFECTURE else _("自治区职称办公室")
        return SUPERVISING_NODE_LABELS.get(self.level, _("主管单位"))

    def supervising_chain(self):
        """Parents from the nearest up to the top of the tree (used to route applications)."""
        chain, node, seen = [], self.parent, set()
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            chain.append(node)
            node = node.parent
        return chain

    @property
    def contact_text(self):
        parts = [self.name]
        if self.contact_name:
            parts.append(f"{_('联系人')}：{self.contact_name}")
        if self.contact_phone:
            parts.append(f"{_('电话')}：{self.contact_phone}")
        return "；".join(str(p) for p in parts)

    # Review chain: a unit's registration goes to its 材料接收部门.
    def build_chain(self):
        return [(self.parent, _("材料接收部门"))] if self.parent_id else []

    def submitter_organisation(self):
        return self


# Roles granted by rows of higher apps (experts: an expert record in 在库). accounts cannot import
# them, so they register here in AppConfig.ready(): ROLE_PROVIDERS[role] = callable(user) -> bool.
ROLE_PROVIDERS = {}


class User(AbstractUser):
    """One account per person (身份证号), or an account of an organisation's staff."""

    real_name = models.CharField(_("姓名"), max_length=30, blank=True)
    id_number = models.CharField(_("身份证号"), max_length=18, unique=True, null=True, blank=True)
    phone = models.CharField(_("手机号"), max_length=20, blank=True)
    office_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    user_no = models.CharField(_("用户编号"), max_length=20, unique=True, editable=False)
    id_front = models.FileField(_("身份证正面"), upload_to=private_upload_to, blank=True)
    photo = models.FileField(_("一寸照片"), upload_to=private_upload_to, blank=True)
    edited_at = models.DateTimeField(_("最近编辑时间"), default=timezone.now)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        if not self.user_no:
            self.user_no = "YHBH" + uuid.uuid4().hex[:8].upper()
        if self.id_number:
            self.id_number = self.id_number.upper()
        super().save(*args, **kwargs)

    @property
    def display_name(self):
        return self.real_name or self.username

    def memberships_active(self):
        return [m for m in self.memberships.all() if m.is_active and m.organisation.is_active]

    @property
    def roles(self):
        """Role codes this person holds; cached per instance (menus read it several times)."""
        if not hasattr(self, "_roles_cache"):
            roles = set()
            if self.id_number:
                roles.add(Role.APPLICANT)
            for m in self.memberships.select_related("organisation"):
                if m.is_active and m.organisation.is_active:
                    roles.add(m.role)
            if self.is_superuser:
                roles.add(Role.PLATFORM)
            for role, holds in ROLE_PROVIDERS.items():
                if holds(self):
                    roles.add(role)
            self._roles_cache = roles
        return self._roles_cache

    def organisations(self, kind=None):
        qs = Organisation.objects.filter(memberships__user=self, memberships__is_active=True, is_active=True)
        if kind:
            qs = qs.filter(kind=kind)
        return qs.distinct()

    def primary_organisation(self, kind=None):
        return self.organisations(kind).order_by("pk").first()


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices)
    is_admin = models.BooleanField(_("单位管理员"), default=True)
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        unique_together = [("user", "organisation")]
        verbose_name = _("单位成员")
        verbose_name_plural = _("单位成员")

    def __str__(self):
        return f"{self.user} @ {self.organisation}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        group = self.organisation.group
        if group is not None:
            if self.is_active:
                self.user.groups.add(group)
            else:
                self.user.groups.remove(group)


class Notice(models.Model):
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("地区"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text=_("留空表示全区通知"),
    )
    published_at = models.DateTimeField(_("发布时间"), default=timezone.now)
    is_published = models.BooleanField(_("发布"), default=True)

    class Meta:
        ordering = ["-published_at"]
        verbose_name = _("通知公告")
        verbose_name_plural = _("通知公告")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("notice-detail", args=[self.pk])


class Message(models.Model):
    """An in-app message (站内消息) shown under 我的消息; emails are sent alongside by a task."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="messages")
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("站内消息")
        verbose_name_plural = _("站内消息")

    def __str__(self):
        return self.title


class UnitChangeRequest(ReviewChainModel):
    """单位信息修改 (guide 004): a change of 单位名称, 联系人, 联系电话 or licence of an approved unit.

    It travels to the unit's 材料接收部门 like the registration did; while it is pending the
    approved data stays in force, and accepting it applies the change (accounts.services).
    """

    CHAIN_NAME = _("单位信息修改")
    AUDIT_NAME = "accounts.unit_change"
    FIRST_NODE_LABEL = _("基层单位")
    FINAL_NODE_LABEL = _("审核通过")

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="change_requests"
    )
    requested_by = models.ForeignKey(
        User, verbose_name=_("申请人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("单位名称"), max_length=100)
    contact_name = models.CharField(_("联系人"), max_length=30)
    contact_phone = models.CharField(_("联系电话"), max_length=30)
    licence = models.FileField(_("机构代码证或营业执照"), upload_to=private_upload_to, blank=True)
    licence_name = models.CharField(max_length=200, blank=True)
    old_name = models.CharField(_("原单位名称"), max_length=100, blank=True)
    old_contact_name = models.CharField(_("原联系人"), max_length=30, blank=True)
    old_contact_phone = models.CharField(_("原联系电话"), max_length=30, blank=True)
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    applied_at = models.DateTimeField(_("生效时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("单位信息修改")
        verbose_name_plural = _("单位信息修改")
        permissions = [("review_unitchangerequest", "可审核单位信息修改")]

    def __str__(self):
        return f"{self.old_name or self.organisation_id} → {self.name}"

    def build_chain(self):
        parent = self.organisation.parent
        return [(parent, _("材料接收部门"))] if parent is not None else []

    def submitter_organisation(self):
        return self.organisation


class Appeal(models.Model):
    """账号申诉 (guide 003): for people who cannot reach the email of their account.

    Handled by the platform admin in the Django admin (list, filter by status, 已处理/驳回).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("待处理")
        DONE = "done", _("已处理")
        REJECTED = "rejected", _("驳回")

    real_name = models.CharField(_("姓名"), max_length=30)
    id_number = models.CharField(_("身份证号"), max_length=18, db_index=True)
    phone = models.CharField(_("手机号"), max_length=20)
    email = models.EmailField(_("联系邮箱"))
    explanation = models.TextField(_("说明"))
    id_front = models.FileField(_("身份证正面"), upload_to=private_upload_to, blank=True)
    id_front_name = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    handled_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    handled_by = models.ForeignKey(
        User, verbose_name=_("处理人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("处理说明"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("账号申诉")
        verbose_name_plural = _("账号申诉")

    def __str__(self):
        return f"{self.real_name} {self.id_number}"


class OutboxEmail(models.Model):
    """An email waiting to go out (the outbox). Written in the same transaction as the action
    that causes it, so a broker or SMTP outage never loses a notification nor fails the request;
    accounts.tasks.send_pending_outbox (Celery beat, every minute) sends what is due, retrying
    with backoff and recording the last error."""

    class Kind(models.TextChoices):
        MESSAGE = "message", _("站内消息邮件")
        PASSWORD_RESET = "password_reset", _("找回用户名或密码")
        PLAIN = "plain", _("通知邮件")

    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices, default=Kind.PLAIN)
    message = models.ForeignKey(Message, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    to = models.CharField(_("收件人"), max_length=254, blank=True)
    subject = models.CharField(_("主题"), max_length=200, blank=True)
    body = models.TextField(_("正文"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("下次发送时间"), default=timezone.now, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("发送次数"), default=0)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True, db_index=True)
    failed_at = models.DateTimeField(_("放弃时间"), null=True, blank=True)
    last_error = models.TextField(_("最近错误"), blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("待发邮件")
        verbose_name_plural = _("待发邮件")

    def __str__(self):
        return f"{self.get_kind_display()} → {self.to or self.user_id}"

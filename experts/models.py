import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.constants import OrgKind
from filings.constants import Level

from .constants import ExpertStatus


class ExpertSettings(models.Model):
    """Committee settings of 人社部令第40号: the minimum number of members of a committee."""

    committee = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="expert_settings"
    )
    min_members_series = models.PositiveSmallIntegerField(_("按系列组建的高级评审委员会最少人数"), default=25)
    min_members_specialty = models.PositiveSmallIntegerField(_("按专业组建的评审委员会最少人数"), default=11)

    class Meta:
        verbose_name = _("专家库设置")
        verbose_name_plural = _("专家库设置")

    def __str__(self):
        return str(self.committee)


class Expert(models.Model):
    """An expert of one committee's 职称评审专家库: a person (one account per 身份证号)."""

    committee = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("评审委员会"),
        on_delete=models.PROTECT,
        related_name="experts",
        limit_choices_to={"kind": OrgKind.COMMITTEE},
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("专家"),
        on_delete=models.PROTECT,
        related_name="expert_records",
    )
    code = models.CharField(_("专家编号"), max_length=12, unique=True, editable=False)
    series = models.ForeignKey("filings.Series", verbose_name=_("系列"), on_delete=models.PROTECT)
    specialties = models.ManyToManyField("filings.Specialty", verbose_name=_("专业"), related_name="experts")
    title_level = models.CharField(_("职称级别"), max_length=10, choices=Level.choices)
    employer = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("工作单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="employed_experts",
    )
    region = models.ForeignKey("accounts.Region", verbose_name=_("所在地区"), on_delete=models.PROTECT)
    term_start = models.DateField(_("聘期开始"))
    term_end = models.DateField(_("聘期结束"))
    status = models.CharField(
        _("状态"), max_length=10, choices=ExpertStatus.choices, default=ExpertStatus.ACTIVE, db_index=True
    )
    phone = models.CharField(_("手机号"), max_length=20)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["committee", "code"]
        unique_together = [("committee", "user")]
        verbose_name = _("评审专家")
        verbose_name_plural = _("评审专家")

    def __str__(self):
        return f"{self.user.display_name}({self.code})"

    def save(self, *args, **kwargs):
        if not self.code:
            self.code = "ZJ" + uuid.uuid4().hex[:8].upper()
        super().save(*args, **kwargs)

    def serves_on(self, day):
        return self.status == ExpertStatus.ACTIVE and self.term_start <= day <= self.term_end


class Relative(models.Model):
    """A declared relative (近亲属) of an expert, for 回避."""

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="relatives")
    name = models.CharField(_("姓名"), max_length=30)
    id_number = models.CharField(_("身份证号"), max_length=18, db_index=True)
    relation = models.CharField(_("关系"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("近亲属")
        verbose_name_plural = _("近亲属")

    def __str__(self):
        return self.name


class Employment(models.Model):
    """A person's former employer (the current one is on the expert record or the application):
    the conflict rule looks back 3 years, comparing 统一社会信用代码."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="employments", verbose_name=_("人员")
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("单位名称"), max_length=100)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, db_index=True)
    start = models.DateField(_("开始时间"))
    end = models.DateField(_("结束时间"), null=True, blank=True)

    class Meta:
        ordering = ["person", "-start"]
        verbose_name = _("工作经历")
        verbose_name_plural = _("工作经历")

    def __str__(self):
        return f"{self.name} {self.start}–{self.end or ''}"

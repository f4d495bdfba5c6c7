"""A person's title records (职称记录): every professional title a person holds, whatever produced it.

Stable API (other apps depend on it — backfill creates records with source 补录, certificates
creates them with source 电子证书 when it issues an e-certificate and lists them in
我的职称电子证书):

- ``TitleRecord``: person, qualification (series/specialty/level derive from it), optional
  二级专业 ``sub_specialty`` (a ``Specialty`` whose parent is the qualification's specialty),
  ``method`` (取得方式, ``TitleMethod``), ``granted_on`` (授予时间), ``certificate_no`` (证书编号),
  ``approval_no`` / ``approval_name`` (批文号 / 批文名称), the issuing committee as an
  organisation (``committee``, nullable) and/or by name (``committee_name``, for historic
  committees that no longer exist) and the issuing unit's name (``issuing_unit``), ``source``
  (``TitleSource``: 补录 / 电子证书) and a nullable generic link ``source_object`` to what produced it.
- ``record_title(person, *, qualification, method, granted_on, source, ...)``: creates a record;
  idempotent per ``source_object`` (calling it again for the same source object returns the
  existing record), so a task that is retried does not duplicate titles.
- ``titles_of(person)``: the person's records, oldest first, with the catalogue joined.
- ``ecertified_titles_of(person)``: the records that come from an e-certificate issued from
  2018 on; backfill refuses to record those titles again (guide 003, 补录说明 1).
"""

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation

ECERT_FROM = dt.date(2018, 1, 1)


class TitleMethod(models.TextChoices):
    """取得方式 (guide 003, B.1); 以考代评 titles are recorded by the exam system, not backfilled."""

    REVIEW = "review", _("评审")
    INITIAL = "initial", _("初次确定")
    SPECIAL_TALENT = "special_talent", _("特殊人才认定")
    CONFERMENT = "conferment", _("授予")
    EXAM = "exam", _("以考代评")


class TitleSource(models.TextChoices):
    BACKFILL = "backfill", _("补录")
    ECERT = "ecert", _("电子证书")


class TitleRecord(models.Model):
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("本人"), on_delete=models.CASCADE, related_name="titles"
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
    method = models.CharField(_("取得方式"), max_length=16, choices=TitleMethod.choices)
    granted_on = models.DateField(_("授予时间"))
    certificate_no = models.CharField(_("证书编号"), max_length=40, blank=True)
    approval_no = models.CharField(_("任职资格批文文号"), max_length=80, blank=True)
    approval_name = models.CharField(_("任职资格批文名称"), max_length=200, blank=True)
    committee = models.ForeignKey(
        Organisation,
        verbose_name=_("发证评审委员会"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    committee_name = models.CharField(_("发证评审委员会名称"), max_length=100, blank=True)
    issuing_unit = models.CharField(_("发证单位"), max_length=100, blank=True)
    source = models.CharField(_("来源"), max_length=10, choices=TitleSource.choices)
    source_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source_object = GenericForeignKey("source_type", "source_id")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["granted_on", "pk"]
        verbose_name = _("职称记录")
        verbose_name_plural = _("职称记录")
        indexes = [models.Index(fields=["person", "granted_on"])]
        constraints = [
            models.UniqueConstraint(fields=["source_type", "source_id"], name="one_title_per_source_object")
        ]

    def __str__(self):
        return f"{self.person} · {self.title_label}"

    @property
    def title_label(self):
        """工程系列-机械电子专业-工程师(机械制造工程师)."""
        q = self.qualification
        label = f"{q.specialty.series}-{q.specialty.name}-{q.name}"
        return f"{label}({self.sub_specialty.name})" if self.sub_specialty_id else label

    @property
    def issuer_label(self):
        return self.committee_name or (str(self.committee) if self.committee_id else "")


def titles_of(person):
    """The titles of person P, oldest first (title history, 我的职称电子证书, the application's
    专业技术资格 section)."""
    return (
        TitleRecord.objects.filter(person=person)
        .select_related("qualification__specialty__series", "sub_specialty", "committee")
        .order_by("granted_on", "pk")
    )


def ecertified_titles_of(person):
    return titles_of(person).filter(source=TitleSource.ECERT, granted_on__gte=ECERT_FROM)


@transaction.atomic
def record_title(
    person,
    *,
    qualification,
    method,
    granted_on,
    source,
    sub_specialty=None,
    certificate_no="",
    approval_no="",
    approval_name="",
    committee=None,
    committee_name="",
    issuing_unit="",
    source_object=None,
):
    """Create the title record of `person`; one per source object (a retry returns the first)."""
    link = {}
    if source_object is not None:
        link = {
            "source_type": ContentType.objects.get_for_model(type(source_object)),
            "source_id": source_object.pk,
        }
        existing = TitleRecord.objects.filter(**link).first()
        if existing is not None:
            return existing
    return TitleRecord.objects.create(
        person=person,
        qualification=qualification,
        sub_specialty=sub_specialty,
        method=method,
        granted_on=granted_on,
        certificate_no=certificate_no,
        approval_no=approval_no,
        approval_name=approval_name,
        committee=committee,
        committee_name=committee_name or (committee.name if committee is not None else ""),
        issuing_unit=issuing_unit,
        source=source,
        **link,
    )

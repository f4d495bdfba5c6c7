"""Factories for filings, with traits per state: FilingFactory(committee=…, submitted=True)."""

import datetime as dt

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts.models import Membership
from filings import services
from filings.constants import FilingLevel
from filings.demo import minimal_pdf
from filings.models import Filing, FilingAttachment, FilingQualification


def holder_of(obj):
    """A user who may act on the current step of any chain object: an active member of the holding
    organisation who is not the object's owner (what the queue of that organisation shows him)."""
    for m in Membership.objects.filter(organisation_id=obj.current_org_id, is_active=True).order_by("pk"):
        if obj.held_by(m.user):
            return m.user
    raise AssertionError(f"nobody may act on {obj!r} at {obj.current_label or obj.state}")


def office_user_for(filing):
    return holder_of(filing)


class FilingQualificationFactory(DjangoModelFactory):
    class Meta:
        model = FilingQualification

    apply_start = factory.LazyFunction(lambda: timezone.localdate())
    apply_end = factory.LazyAttribute(lambda o: o.apply_start + dt.timedelta(days=30))
    meeting_date = factory.LazyAttribute(lambda o: o.apply_end + dt.timedelta(days=15))
    approval_date = factory.LazyAttribute(lambda o: o.meeting_date + dt.timedelta(days=15))


class FilingFactory(DjangoModelFactory):
    """A complete draft by default (every wizard step filled); give committee, created_by and
    qualifications=[…]. Traits: submitted, returned, accepted."""

    class Meta:
        model = Filing
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"关于机械电子专业的会议备案{n}")
    work_year = factory.LazyFunction(lambda: timezone.localdate().year)
    level = FilingLevel.CHUZHONG
    location = "昌吉市示例路1号"
    leader_name = "负责人甲"
    leader_phone = "0994-1234567"
    contact_name = "联系人乙"
    contact_phone = "0994-7654321"
    contact_mobile = "13900000001"
    notice_title = "关于做好评审工作的通知"
    notice_html = "<div>通知正文</div>"
    wizard_step = 6

    @factory.post_generation
    def qualifications(obj, create, extracted, **kwargs):
        for q in extracted or []:
            FilingQualificationFactory(filing=obj, qualification=q)

    @factory.post_generation
    def attachments(obj, create, extracted, **kwargs):
        """Uploaded through the wizard's service (content check, random stored name, audit entry)."""
        if not obj._with_attachments:
            return
        for kind in FilingAttachment.REQUIRED:
            upload = SimpleUploadedFile(f"{kind}.pdf", minimal_pdf(kind))
            services.add_attachment(obj, by=obj.created_by, kind=kind, upload=upload)

    @factory.post_generation
    def chain(obj, create, extracted, **kwargs):
        """【确认无误我要提交】 (the 流水号 is given there), then the office's 退回 or 接收."""
        if not (obj._submitted or obj._returned or obj._accepted):
            return
        services.submit_filing(obj, by=obj.created_by)
        obj.refresh_from_db()
        if obj._returned:
            services.return_filing(
                obj, by=office_user_for(obj), expected_step_id=obj.current_step_id, opinion="请补充材料"
            )
        elif obj._accepted:
            services.accept_filing(obj, by=office_user_for(obj), expected_step_id=obj.current_step_id)
        obj.refresh_from_db()

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        flags = {
            k: kwargs.pop(k) for k in ("submitted", "returned", "accepted", "with_attachments") if k in kwargs
        }
        obj = super()._create(model_class, *args, **kwargs)
        obj._submitted = flags.get("submitted", False)
        obj._returned = flags.get("returned", False)
        obj._accepted = flags.get("accepted", False)
        obj._with_attachments = flags.get("with_attachments", True)
        return obj

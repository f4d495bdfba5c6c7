"""Read-only queries of the backfill app: who sees what (SQL only), the sections' completeness,
the rows offered for copying and the national export. services.py re-exports them."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.utils.translation import gettext as _

from applications.models import SectionEntry
from applications.sections import SectionKind
from applications.services import org_ids
from zhicheng.workflow import ChainState, ChainStep

from .constants import REQUIRED_SECTIONS, SECTION_KINDS, SECTION_LABELS
from .models import Backfill


def photos_ready(user):
    """身份证正面 and 一寸照片 uploaded in the profile (guide 003, 第二章 (二))."""
    return bool(user.id_front) and bool(user.photo)


# ---- who may see what (SQL only) -------------------------------------------------------------------
def visible_backfills(user):
    from zhicheng.permissions import owner_or_guardian

    return owner_or_guardian(user, Backfill.objects.all(), "person")


def queue_for(user):
    """补录审核: what my organisations hold now."""
    return Backfill.objects.filter(current_org_id__in=org_ids(user), state=ChainState.IN_REVIEW)


def passed_through(user):
    """补录花名册: every form that reached one of my organisations."""
    steps = ChainStep.objects.filter(
        content_type=ContentType.objects.get_for_model(Backfill),
        organisation_id__in=org_ids(user),
        started_at__isnull=False,
    ).values("object_id")
    return Backfill.objects.filter(pk__in=steps)


def for_list(qs):
    return qs.select_related(
        "person", "qualification__specialty__series", "sub_specialty", "base_unit", "current_org", "committee"
    )


def application_rows(person, kind):
    """Rows of the same kind in the person's latest application that has any (offered for copying)."""
    return list(
        SectionEntry.objects.filter(application__applicant=person, kind=kind)
        .order_by("-application__created_at", "position", "pk")
        .select_related("application")
    )


@dataclass
class SectionStatus:
    kind: str
    title: str
    required: bool
    rows: int
    complete: bool
    missing: str = ""


def section_statuses(bf):
    """The 16 sections with whether each is complete (one query)."""
    rows = dict(bf.entries.order_by().values_list("kind").annotate(n=Count("pk")))
    out = []
    for kind in SECTION_KINDS:
        required = kind in REQUIRED_SECTIONS
        missing = ""
        if kind == SectionKind.BASIC:
            if bf.base_unit_id is None or not bf.work_unit_dept or not bf.ethnicity:
                missing = _("必填项未填写")
        elif required and not rows.get(kind):
            missing = _("至少填写一条")
        elif kind == SectionKind.EDUCATION and not bf.entries.filter(kind=kind, data__highest=True).exists():
            missing = _("请标记最高学历")
        out.append(
            SectionStatus(kind, SECTION_LABELS[kind], required, rows.get(kind, 0), not missing, missing)
        )
    return out


def missing_for_submit(bf):
    """What still blocks 我要提交到【基层工作单位】, in the order of the guide's steps."""
    missing = []
    if not photos_ready(bf.person) or bf.photos_confirmed_at is None:
        missing.append(_("身份证正面及一寸照片"))
    if not bf.attachments.exists():
        missing.append(_("附件（职称证原件、评审表或初定表原件、批文原件至少上传1项）"))
    missing += [str(s.title) for s in section_statuses(bf) if not s.complete]
    return missing


def national_export_rows():
    """平台管理员 → 国家职称评审信息系统: one row per accepted backfilled title, fields as on the form."""
    return (
        Backfill.objects.filter(state=ChainState.ACCEPTED)
        .select_related(
            "person",
            "qualification__specialty__series",
            "sub_specialty",
            "committee",
            "issuing_unit",
            "base_unit",
        )
        .order_by("finished_at", "pk")
    )

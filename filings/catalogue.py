"""The catalogue and who may review what (可评审专业), kept by the title offices."""

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.constants import OrgKind, OrgLevel
from accounts.models import Organisation
from zhicheng import audit

from .errors import FilingError
from .models import Qualification, ReviewableQualification, qualifications_for_level


def reviewable_qualifications(committee, filing_level=None):
    """Active qualifications the committee may review (可评审专业), limited to a 备案级别."""
    qs = (
        qualifications_for_level(filing_level)
        if filing_level
        else Qualification.objects.filter(is_active=True)
    )
    return qs.filter(
        pk__in=ReviewableQualification.objects.filter(committee=committee).values("qualification_id")
    ).select_related("specialty__series", "specialty__parent")


def qualification_tree(qualifications):
    """[(series, [(specialty, [qualification …]) …]) …] in catalogue order, for the 资格 trees."""
    tree = {}
    for q in sorted(
        qualifications,
        key=lambda q: (q.specialty.series.sort, q.specialty.series.code, q.specialty.code, -q.rank),
    ):
        specs = tree.setdefault(q.specialty.series, {})
        specs.setdefault(q.specialty, []).append(q)
    return [(series, list(specs.items())) for series, specs in tree.items()]


def committees_in_area(office):
    """Committees whose 可评审专业 an office keeps: the 自治区 office all, a 地州 office its prefecture's."""
    qs = Organisation.objects.approved().filter(kind=OrgKind.COMMITTEE).select_related("region")
    if office.level == OrgLevel.REGION:
        return qs
    return qs.filter(Q(region=office.region) | Q(region__parent=office.region)).exclude(level=OrgLevel.REGION)


@transaction.atomic
def set_reviewable(committee, qualification_ids, *, by, office):
    """Replace the committee's 可评审专业 with the given qualifications."""
    if not committees_in_area(office).filter(pk=committee.pk).exists():
        raise FilingError(_("该评审委员会不在您的管辖范围内。"))
    wanted = set(Qualification.objects.filter(pk__in=qualification_ids).values_list("pk", flat=True))
    current = set(
        ReviewableQualification.objects.filter(committee=committee).values_list("qualification_id", flat=True)
    )
    ReviewableQualification.objects.filter(
        committee=committee, qualification_id__in=current - wanted
    ).delete()
    ReviewableQualification.objects.bulk_create(
        [ReviewableQualification(committee=committee, qualification_id=pk) for pk in sorted(wanted - current)]
    )
    audit.log(
        "filings.reviewable.changed",
        committee,
        by=by,
        org=office,
        data={"added": sorted(wanted - current), "removed": sorted(current - wanted)},
    )
    return len(wanted)

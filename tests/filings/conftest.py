import pytest

from filings.constants import Level
from filings.models import Qualification, ReviewableQualification


def qual(specialty, level):
    return Qualification.objects.select_related("specialty__series").get(
        specialty__series__code="engineering", specialty__name=specialty, level=level
    )


@pytest.fixture
def quals(db):
    return {
        "mech_mid": qual("机械电子专业", Level.ZHONGJI),
        "mech_junior": qual("机械电子专业", Level.ZHULIJI),
        "arch_mid": qual("建筑专业", Level.ZHONGJI),
        "tv_mid": qual("广播电视专业", Level.ZHONGJI),
        "mech_senior": qual("机械电子专业", Level.FUGAO),
    }


@pytest.fixture
def reviewable(orgs, quals):
    """昌吉州 committee may review 机械电子/建筑 初中级; the 自治区 committee 机械电子 副高."""
    for key in ("mech_mid", "mech_junior", "arch_mid"):
        ReviewableQualification.objects.create(committee=orgs["committee_changji"], qualification=quals[key])
    ReviewableQualification.objects.create(
        committee=orgs["committee_region"], qualification=quals["mech_senior"]
    )
    return quals


@pytest.fixture
def make_filing(users, orgs, reviewable):
    from .factories import FilingFactory

    def make(committee="committee_changji", qualifications=None, **kwargs):
        if qualifications is None:
            qualifications = (
                [reviewable["mech_mid"], reviewable["mech_junior"]]
                if committee == "committee_changji"
                else [reviewable["mech_senior"]]
            )
        if committee == "committee_region" and "level" not in kwargs:
            kwargs["level"] = "gaoji_excl_edu"
        return FilingFactory(
            committee=orgs[committee], created_by=users[committee], qualifications=qualifications, **kwargs
        )

    return make

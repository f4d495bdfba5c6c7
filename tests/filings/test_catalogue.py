"""The title catalogue, 可评审专业 kept by the offices, the committee's 我的主页 panel and the demo."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from filings.constants import FilingLevel, Level
from filings.models import Filing, Qualification, ReviewableQualification, Specialty, qualifications_for_level
from zhicheng.workflow import ChainState, ChainStep

pytestmark = pytest.mark.django_db


def test_the_catalogue_is_loaded_with_codes_and_levels():
    mech = Specialty.objects.get(name="机械电子专业")
    assert str(mech) == "机械电子专业(00189)" and mech.series.name == "工程技术"
    assert {q.name: q.level_short for q in mech.qualifications.all()} == {
        "技术员": "初级",
        "助理工程师": "初级",
        "工程师": "中级",
        "高级工程师": "副高",
        "正高级工程师": "正高",
    }


def test_filing_levels_route_by_the_education_flag_of_a_series():
    senior_teacher = Qualification.objects.get(
        specialty__series__code="k12_teacher", specialty__name="中学教师", level=Level.FUGAO
    )
    senior_engineer = Qualification.objects.get(specialty__name="机械电子专业", level=Level.FUGAO)
    assert senior_teacher.filing_level == FilingLevel.GAOJI_EDU_ONLY
    assert senior_engineer.filing_level == FilingLevel.GAOJI_EXCL_EDU
    assert senior_teacher in qualifications_for_level(FilingLevel.GAOJI_EDU_ONLY)
    assert senior_teacher not in qualifications_for_level(FilingLevel.GAOJI_EXCL_EDU)
    assert not qualifications_for_level(FilingLevel.CHUZHONG).filter(level=Level.FUGAO).exists()


def test_an_office_keeps_the_reviewable_qualifications_of_committees_in_its_area(client_for, orgs, quals):
    office = client_for("office_changji")
    page = office.get(reverse("filings:reviewable")).content.decode()
    assert orgs["committee_changji"].name in page and orgs["committee_region"].name not in page
    url = reverse("filings:reviewable")
    office.post(
        url,
        {
            "committee": orgs["committee_changji"].pk,
            "qualification": [quals["mech_mid"].pk, quals["arch_mid"].pk],
        },
    )
    assert set(
        ReviewableQualification.objects.filter(committee=orgs["committee_changji"]).values_list(
            "qualification_id", flat=True
        )
    ) == {quals["mech_mid"].pk, quals["arch_mid"].pk}
    office.post(url, {"committee": orgs["committee_changji"].pk, "qualification": [quals["mech_mid"].pk]})
    assert ReviewableQualification.objects.filter(committee=orgs["committee_changji"]).count() == 1
    page = office.get(url, {"committee": orgs["committee_changji"].pk}).content.decode()
    assert f'value="{quals["mech_mid"].pk}" checked' in page
    # a committee outside the prefecture is not his to edit
    assert (
        office.post(
            url, {"committee": orgs["committee_region"].pk, "qualification": [quals["mech_senior"].pk]}
        ).status_code
        == 404
    )
    assert not ReviewableQualification.objects.filter(committee=orgs["committee_region"]).exists()
    # the 自治区 office keeps every committee
    assert orgs["committee_changji"].name in client_for("office_region").get(url).content.decode()


def test_committee_home_shows_the_shortcuts_and_the_application_counters(client_for):
    page = client_for("committee_changji").get(reverse("accounts:home")).content.decode()
    for text in ("本年度全部申请书", "已审核申请书", "待审核申请书", "★我的备案", "设置时间"):
        assert text in page
    assert page.count('<div class="num">0</div>') == 3


def test_menus_lead_committees_and_offices_to_their_pages(client_for):
    assert (
        reverse("filings:mine")
        in client_for("committee_changji").get(reverse("accounts:home")).content.decode()
    )
    office_home = client_for("office_region").get(reverse("accounts:home")).content.decode()
    assert reverse("filings:queue") in office_home and reverse("filings:reviewable") in office_home


def test_demo_seed_is_idempotent_and_opens_windows_through_a_real_flow(cast):
    from filings import demo
    from filings.services import open_windows

    demo.seed(cast)
    demo.seed(cast)
    assert Filing.objects.filter(state=ChainState.ACCEPTED).count() == 2
    assert Filing.objects.filter(state=ChainState.DRAFT).count() == 1
    accepted = Filing.objects.get(committee=cast["orgs"]["committee_changji"], state=ChainState.ACCEPTED)
    steps = ChainStep.objects.filter(object_id=accepted.pk, content_type__model="filing").order_by("seq")
    assert [s.handler for s in steps[:2]] == [
        cast["users"]["committee_changji"],
        cast["users"]["office_changji"],
    ]
    labels = {w.label for w in open_windows()}
    assert "[昌吉回族自治州][中级]机械电子专业/工程师" in labels
    assert "[昌吉回族自治州][初级]建筑专业/助理工程师" in labels
    assert "[自治区本级][副高]机械电子专业/高级工程师" in labels
    w = open_windows()[0]
    assert w.deadline == timezone.localdate() + dt.timedelta(days=30)
    assert ReviewableQualification.objects.filter(committee=cast["orgs"]["committee_region"]).exists()

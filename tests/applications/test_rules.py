"""The business rules of 申请书, exercised through the services."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Message
from applications import services
from applications.models import Application, Opinion, SectionEntry, SeriesTemplate, TemplateSection
from applications.sections import SectionKind
from filings.constants import ApplicationType, Level
from filings.models import CommitteeSetting
from zhicheng.workflow import ChainConflict, ChainState, ChainStep

from .factories import fill, make_application, open_item, qualification, recommend, send_back, walk

pytestmark = pytest.mark.django_db


def test_a_new_application_gets_an_rssq_number_and_the_window_committee(draft, orgs):
    assert draft.number == f"RSSQ{draft.pk:08d}" and len(draft.number) == 12
    assert draft.committee == orgs["committee_region"] and draft.year == timezone.localdate().year
    assert draft.qualification_label.startswith("[自治区][副高]")


def test_a_closed_window_cannot_be_applied_for(users, orgs):
    closed = open_item(orgs["committee_region"], users["committee_region"], closed=True)
    with pytest.raises(services.ApplicationError, match="不在申报时间内"):
        services.create_application(by=users["applicant"], filing_item_id=closed.pk)
    assert not Application.objects.exists()


def test_one_application_per_qualification_and_year_counting_every_type(draft, users, orgs):
    other_type = open_item(
        orgs["committee_region"], users["committee_region"], type=ApplicationType.CONFERMENT
    )
    with pytest.raises(services.ApplicationError, match="同一个资格在同一年度只可以申请一次"):
        services.create_application(by=users["applicant"], filing_item_id=other_type.pk)
    assert Application.objects.count() == 1
    # another person, or the same person next year, may
    services.create_application(by=users["applicant2"], filing_item_id=other_type.pk)
    next_year = open_item(orgs["committee_region"], users["committee_region"], work_year=draft.year + 1)
    services.create_application(by=users["applicant"], filing_item_id=next_year.pk)


def test_submission_outside_the_window_is_refused(draft, users):
    later = timezone.now() + dt.timedelta(days=60)
    with pytest.raises(services.ApplicationError, match="不在申报时间内"):
        services.submit_application(draft, by=users["applicant"], pledge=True, at=later)
    draft.refresh_from_db()
    assert draft.state == ChainState.DRAFT and not draft.steps.exists()


def test_an_incomplete_form_or_a_missing_pledge_is_not_submitted(users, orgs, item_region):
    app = make_application(users["applicant"], item_region)
    with pytest.raises(services.ApplicationError, match="基层单位"):
        services.submit_application(app, by=users["applicant"], pledge=True)
    Application.objects.filter(pk=app.pk).update(base_unit=orgs["base_short"])
    app.refresh_from_db()
    with pytest.raises(services.ApplicationError, match="尚未填写完整"):
        services.submit_application(app, by=users["applicant"], pledge=True)
    fill(app, orgs["base_short"])
    with pytest.raises(services.ApplicationError, match="本人承诺"):
        services.submit_application(app, by=users["applicant"], pledge=False)
    assert Application.objects.get(pk=app.pk).state == ChainState.DRAFT


def test_the_form_is_frozen_after_submission_until_a_return(submitted, users):
    from applications.sections import form_for

    row = form_for(SectionKind.AWARDS)(
        {"name": "奖", "grade": "一等", "issuer": "示例", "awarded_on": "2020-01-01", "author_rank": "1"}
    )
    assert row.is_valid()
    with pytest.raises(services.ApplicationError, match="已上报"):
        services.save_entry(submitted, by=users["applicant"], kind=SectionKind.AWARDS, form=row)
    send_back(submitted, users["base_short"])
    services.save_entry(submitted, by=users["applicant"], kind=SectionKind.AWARDS, form=row)
    assert submitted.entries.filter(kind=SectionKind.AWARDS).count() == 1


def test_the_short_chain_goes_base_unit_then_department_then_committee(submitted, orgs):
    labels = [n.label for n in submitted.chain_nodes()]
    assert labels == ["申请人", "基层工作单位", "地厅级材料接收部门", "评审机构", "通过形式审核"]
    assert submitted.current_org == orgs["base_short"]


def test_the_long_chain_goes_through_county_and_prefecture_bureau(users, orgs):
    item = open_item(orgs["committee_region"], users["committee_region"])
    app = make_application(users["applicant2"], item, orgs["base_long"], submitted=True)
    labels = [n.label for n in app.chain_nodes()]
    assert labels == [
        "申请人",
        "基层工作单位",
        "县(市)级材料接收部门",
        "地州主管局",
        "地厅级材料接收部门",
        "评审机构",
        "通过形式审核",
    ]
    orgs_on_chain = [n.organisation for n in app.chain_nodes()[1:-1]]
    assert orgs_on_chain == [
        orgs["base_long"],
        orgs["county"],
        orgs["pref_bureau"],
        orgs["dept"],
        orgs["committee_region"],
    ]


def test_the_base_unit_must_recommend_before_forwarding(submitted, users):
    with pytest.raises(services.ApplicationError, match="推荐意见"):
        walk(submitted, users["base_short"])
    recommend(submitted, users["base_short"])
    app = walk(submitted, users["base_short"])
    assert app.current_label == "地厅级材料接收部门"


@pytest.mark.parametrize("length, ok", [(19, False), (20, True), (1000, True), (1001, False)])
def test_recommendation_length_is_counted_in_characters(length, ok):
    from applications.forms import RecommendationForm

    form = RecommendationForm(
        {
            "leader": "郑海",
            "phone": "0991-0000108",
            "mobile": "13800000001",
            "email": "unit@example.cn",
            "text": "荐" * length,
        }
    )
    assert form.is_valid() is ok
    if not ok:
        assert "20到1000字之间" in form.errors["text"][0]


def test_per_section_opinions_and_the_latest_count(submitted, users):
    services.save_opinion(
        submitted, by=users["base_short"], kind=SectionKind.EDUCATION, text="学历附件不清晰"
    )
    services.save_opinion(
        submitted, by=users["base_short"], kind=SectionKind.EDUCATION, text="学历附件不清晰，请重新扫描"
    )
    services.save_opinion(
        submitted, by=users["base_short"], kind=SectionKind.APPRAISAL, text="缺少2022年度考核"
    )
    assert services.latest_opinions(submitted).count() == 2
    assert Opinion.objects.get(kind=SectionKind.EDUCATION).text == "学历附件不清晰，请重新扫描"
    with pytest.raises(services.ApplicationError, match="不在您的单位办理"):
        services.save_opinion(submitted, by=users["dept"], kind=SectionKind.EDUCATION, text="x")
    send_back(submitted, users["base_short"])
    assert services.latest_opinions(submitted).count() == 2  # the applicant sees them after the return
    services.submit_application(submitted, by=users["applicant"], pledge=True)
    submitted.refresh_from_db()
    assert services.latest_opinions(submitted).count() == 0
    assert services.older_opinions(submitted).count() == 2
    assert submitted.current_org.kind == "base_unit"  # resubmission starts again at the base unit


def test_only_the_holder_of_the_current_step_can_act(submitted, users):
    for stranger in ("dept", "committee_region", "base_long", "applicant"):
        with pytest.raises(services.ApplicationError, match="不在您的单位办理|本人"):
            services.forward_application(
                submitted, by=users[stranger], expected_step_id=submitted.current_step_id
            )
        with pytest.raises(services.ApplicationError, match="不在您的单位办理|本人"):
            services.return_application(
                submitted, by=users[stranger], expected_step_id=submitted.current_step_id, reason="x"
            )
    assert ChainStep.objects.filter(object_id=submitted.pk, finished_at__isnull=False).count() == 1


def test_a_stale_page_gets_the_conflict_message(submitted, users):
    recommend(submitted, users["base_short"])
    seen = submitted.current_step_id
    walk(submitted, users["base_short"])
    with pytest.raises(services.ApplicationError):
        services.forward_application(submitted, by=users["base_short"], expected_step_id=seen)
    submitted.refresh_from_db()
    with pytest.raises(ChainConflict, match="该记录已被他人处理"):
        services.forward_application(submitted, by=users["dept"], expected_step_id=seen)


def test_the_third_return_closes_the_application_for_the_year(submitted, users):
    for n in (1, 2):
        send_back(submitted, users["base_short"])
        assert submitted.state == ChainState.RETURNED and submitted.return_count == n
        services.submit_application(submitted, by=users["applicant"], pledge=True)
        submitted.refresh_from_db()
    send_back(submitted, users["base_short"])
    assert submitted.state == ChainState.CLOSED and submitted.is_closed
    with pytest.raises(services.ApplicationError, match="本年度不再受理"):
        services.submit_application(submitted, by=users["applicant"], pledge=True)
    assert Message.objects.filter(user=users["applicant"], title__contains="本年度不再受理").count() == 1


def test_the_return_limit_is_a_committee_setting(submitted, users, orgs):
    CommitteeSetting.objects.create(committee=orgs["committee_region"], return_limit=1)
    send_back(submitted, users["base_short"])
    assert submitted.state == ChainState.CLOSED


def test_the_whole_chain_ends_in_formal_review_passed_and_notifies(
    submitted, users, django_capture_on_commit_callbacks
):
    recommend(submitted, users["base_short"])
    with django_capture_on_commit_callbacks(execute=True):
        app = walk(submitted, users["base_short"])
        app = walk(app, users["dept"])
        assert app.at_committee
        app = walk(app, users["committee_region"])
    assert app.state == ChainState.ACCEPTED and app.status_label() == "通过形式审核"
    titles = list(Message.objects.filter(user=users["applicant"]).values_list("title", flat=True))
    assert "您的申请书已通过形式审核" in titles and "您的申请书已上报至评审机构" in titles
    # the applicant's three (上报至…, 上报至评审机构, 通过形式审核); open_item's 备案 also mailed its office
    assert len([m for m in mail.outbox if m.to == [users["applicant"].email]]) == 3


def test_changing_the_qualification_keeps_the_rows_that_still_fit(draft, users, orgs):
    other_q = qualification(Level.ZHONGJI, series="accounting")
    own = SeriesTemplate.objects.create(name="工程系列中级", series=other_q.specialty.series)
    TemplateSection.objects.bulk_create(
        [
            TemplateSection(template=own, kind=SectionKind.BASIC, required=True, order=1),
            TemplateSection(template=own, kind=SectionKind.EDUCATION, required=True, order=2),
        ]
    )
    item = open_item(orgs["committee_region"], users["committee_region"], qual=other_q)
    dropped = services.change_qualification(draft, by=users["applicant"], filing_item_id=item.pk)
    assert "工作简历" in [str(d) for d in dropped]
    draft.refresh_from_db()
    assert draft.qualification == other_q
    assert [s.kind for s in services.section_statuses(draft)] == ["basic", "education"]
    assert SectionEntry.objects.filter(
        application=draft, kind=SectionKind.WORK_HISTORY
    ).exists()  # kept, hidden


def test_a_series_without_its_own_template_uses_the_default(draft):
    kinds = [s.kind for s in services.section_statuses(draft)]
    assert kinds[0] == "basic" and len(kinds) == 13


def test_only_never_submitted_drafts_can_be_deleted(submitted, users, orgs, item_region):
    with pytest.raises(services.ApplicationError, match="草稿"):
        services.delete_application(submitted, by=users["applicant"])
    draft = make_application(users["applicant2"], item_region)
    with pytest.raises(services.ApplicationError, match="本人"):
        services.delete_application(draft, by=users["applicant"])
    services.delete_application(draft, by=users["applicant2"])
    assert list(Application.objects.all()) == [submitted]


def test_materials_are_received_once_by_the_committee(submitted, users):
    with pytest.raises(services.ApplicationError, match="不由您的评审机构"):
        services.receive_materials(submitted, by=users["committee_changji"])
    services.receive_materials(submitted, by=users["committee_region"])
    submitted.refresh_from_db()
    assert submitted.materials_received_by == users["committee_region"]
    with pytest.raises(services.ApplicationError, match="已于"):
        services.receive_materials(submitted, by=users["committee_region"])


def test_the_demo_creates_a_draft_and_one_in_review_idempotently(cast, item_region):
    from applications import demo

    demo.seed(cast)
    demo.seed(cast)
    assert (
        Application.objects.filter(applicant=cast["users"]["applicant"], state=ChainState.DRAFT).count() == 1
    )
    in_review = Application.objects.get(applicant=cast["users"]["applicant2"])
    assert in_review.state == ChainState.IN_REVIEW and in_review.current_org == cast["orgs"]["base_long"]


def test_a_draft_without_base_unit_still_shows_where_it_will_travel(users, item_region):
    draft = make_application(users["applicant"], item_region)
    nodes = draft.chain_nodes()
    assert [n.label for n in nodes] == ["申请人", "基层工作单位", "评审机构", "通过形式审核"]
    assert nodes[0].current and nodes[2].organisation == item_region.filing.committee

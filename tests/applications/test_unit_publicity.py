"""推荐单位公示 (guide 004): the base unit publicises at least 5 working days (含起始日) and forwards only
after the period has ended, with the photo and the 公示结果 uploaded."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from applications import services, unit_publicity
from applications.demo import demo_png
from applications.models import UnitPublicity
from applications.unit_publicity import UnitPublicityError
from filings.demo import minimal_pdf
from zhicheng.audit import AuditEntry
from zhicheng.workflow import ChainState

from .factories import publicise, recommend, walk

pytestmark = pytest.mark.django_db

CONTACTS = {"office": "本单位人事办公室", "phone": "0991-0000108", "politics": "遵纪守法。"}


@pytest.fixture
def recommended(submitted, users):
    """Held by its base unit (dw_jixie), 推荐意见 written, no 公示 yet."""
    from applications.forms import RecommendationForm

    form = RecommendationForm(
        {
            "leader": "郑海",
            "phone": "0991-0000108",
            "mobile": "13800000001",
            "email": "unit@example.cn",
            "text": "该同志已达到申报资格条件，工作业绩突出，同意推荐申报。",
        }
    )
    assert form.is_valid()
    services.save_recommendation(submitted, by=users["base_short"], form=form)
    submitted.refresh_from_db()
    return submitted


def forward(app, user):
    app.refresh_from_db()
    return services.forward_application(app, by=user, expected_step_id=app.current_step_id)


def record(app, user, start, end):
    app.refresh_from_db()
    return unit_publicity.record_publicity(app, by=user, start=start, end=end, **CONTACTS)


def assert_not_forwarded(app):
    step = app.current_step_id
    app.refresh_from_db()
    assert app.current_step_id == step and app.current_label == "基层工作单位"
    assert not AuditEntry.objects.filter(action="applications.application.forwarded").exists()


# ---- the rule ------------------------------------------------------------------------------------
def test_the_base_unit_cannot_forward_before_recording_its_publicity(recommended, users):
    with pytest.raises(UnitPublicityError) as refused:
        forward(recommended, users["base_short"])
    message = str(refused.value)
    assert "上报前请完成本单位公示" in message and "含起始日，按工作日计算" in message
    assert "请上传公示照片" in message and "请上传公示结果" in message
    assert refused.value.field == "start"
    assert_not_forwarded(recommended)


def test_a_period_shorter_than_five_working_days_is_refused_beside_the_end_date(recommended, users):
    # from 2026-09-24 (Thu): 9/24, 9/28, 9/29, 9/30, 10/8 — 中秋 9/25 and 国庆 10/1–10/7 are off
    with pytest.raises(UnitPublicityError) as refused:
        record(recommended, users["base_short"], dt.date(2026, 9, 24), dt.date(2026, 10, 7))
    assert refused.value.field == "end"
    assert "公示期不少于5个工作日（含起始日）：从2026/9/24起最早到2026/10/8。" == str(refused.value)
    assert not UnitPublicity.objects.exists()
    assert record(recommended, users["base_short"], dt.date(2026, 9, 24), dt.date(2026, 10, 8)).pk


def test_xinjiang_holidays_count_for_a_unit_in_xinjiang(recommended, users):
    start = dt.date(2025, 6, 4)
    assert unit_publicity.earliest_end(start) == dt.date(2025, 6, 10)  # nationally
    assert unit_publicity.region_of(recommended).code.startswith("65")
    with pytest.raises(UnitPublicityError, match="最早到2025/6/13"):
        record(recommended, users["base_short"], start, dt.date(2025, 6, 12))
    assert record(recommended, users["base_short"], start, dt.date(2025, 6, 13)).end == dt.date(2025, 6, 13)


def test_a_period_in_a_year_without_a_published_calendar_is_refused_with_the_calendars_message(
    recommended, users
):
    with pytest.raises(UnitPublicityError) as refused:
        record(recommended, users["base_short"], dt.date(2027, 1, 4), dt.date(2027, 1, 8))
    assert "2027年的节假日安排尚未发布" in str(refused.value) and refused.value.field == "end"
    assert not UnitPublicity.objects.exists()


def test_the_forward_waits_until_the_day_after_the_end(recommended, users):
    today = timezone.localdate()
    end = unit_publicity.earliest_end(today, unit_publicity.region_of(recommended))
    publicise(recommended, users["base_short"], start=today, end=end)
    with pytest.raises(UnitPublicityError) as refused:
        forward(recommended, users["base_short"])
    assert f"公示期至{end.year}/{end.month}/{end.day}止，公示期满无异议后" in str(refused.value)
    assert refused.value.field == "end"
    assert_not_forwarded(recommended)
    assert unit_publicity.problems(recommended, today=end) != []
    assert unit_publicity.problems(recommended, today=end + dt.timedelta(days=1)) == []


@pytest.mark.parametrize("missing", ["photo", "result"])
def test_the_forward_needs_the_photo_and_the_result(recommended, users, missing):
    publicise(recommended, users["base_short"], **{missing: False})
    label = {"photo": "公示照片", "result": "公示结果"}[missing]
    with pytest.raises(UnitPublicityError, match=f"请上传{label}。") as refused:
        forward(recommended, users["base_short"])
    assert refused.value.field == missing
    assert_not_forwarded(recommended)


def test_an_ended_publicity_with_photo_and_result_lets_the_base_unit_forward_and_is_audited(
    recommended, users
):
    publicise(recommended, users["base_short"])
    app = forward(recommended, users["base_short"])
    assert app.current_label == "地厅级材料接收部门"
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert actions.count("applications.publicity.recorded") == 1
    assert actions.count("applications.publicity.file_uploaded") == 2
    # the next node forwards without a 公示 of its own
    assert walk(app, users["dept"]).current_label == "评审机构"


def test_only_the_base_unit_holding_it_records_the_publicity(recommended, users):
    start, end = unit_publicity.latest_ended_period(unit_publicity.region_of(recommended))
    for who in ("applicant", "dept", "base_long"):
        with pytest.raises(services.ApplicationError):
            record(recommended, users[who], start, end)
    assert not UnitPublicity.objects.exists()
    recommend(recommended, users["base_short"])  # the factories' way: 推荐意见 and an ended 公示
    forward(recommended, users["base_short"])
    with pytest.raises(services.ApplicationError, match="当前不在您的单位办理"):
        record(recommended, users["base_short"], start, end)
    recommended.refresh_from_db()
    with pytest.raises(services.ApplicationError, match="基层单位登记"):
        record(recommended, users["dept"], start, end)  # the department holds it now: not a base unit


def test_a_new_upload_replaces_the_old_file(recommended, users, django_capture_on_commit_callbacks):
    old = publicise(recommended, users["base_short"])
    storage, old_name = old.photo.storage, old.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        unit_publicity.upload_publicity_file(
            recommended,
            by=users["base_short"],
            which="photo",
            upload=SimpleUploadedFile("新照片.png", demo_png()),
            detected_kind="png",
        )
    new = unit_publicity.record_of(recommended)
    assert new.photo_name == "新照片.png" and new.photo.name != old_name
    assert not storage.exists(old_name)


def test_a_returned_and_resubmitted_application_keeps_its_publicity(recommended, users):
    publicise(recommended, users["base_short"])
    services.return_application(
        recommended, by=users["base_short"], expected_step_id=recommended.current_step_id, reason="补材料"
    )
    recommended.refresh_from_db()
    services.submit_application(recommended, by=users["applicant"], pledge=True)
    assert forward(recommended, users["base_short"]).current_label == "地厅级材料接收部门"
    assert recommended.state == ChainState.IN_REVIEW


# ---- the pages -----------------------------------------------------------------------------------
def page_url(app):
    return reverse("applications:publicity", args=[app.pk])


def test_the_unit_records_dates_and_uploads_through_the_page(recommended, users, client_for):
    unit = client_for("base_short")
    url, step = page_url(recommended), recommended.current_step_id
    page = unit.get(url).content.decode()
    assert "公示期不少于5个工作日（含起始日，按工作日计算）" in page
    assert 'id="problem-start"' in page and "登记公示时间后上传" in page
    short = unit.post(
        url,
        {"action": "dates", "expected_step": step, "start": "2026-09-24", "end": "2026-10-07", **CONTACTS},
    )
    assert short.status_code == 200
    assert (
        "从2026/9/24起最早到2026/10/8" in short.content.decode().split('id="field-end"')[1].split("</div>")[0]
    )
    start, end = unit_publicity.latest_ended_period(unit_publicity.region_of(recommended))
    done = unit.post(
        url,
        {
            "action": "dates",
            "expected_step": step,
            "start": start.isoformat(),
            "end": end.isoformat(),
            **CONTACTS,
        },
    )
    assert done.status_code == 302
    assert unit_publicity.record_of(recommended).end == end
    # the wrong content is refused beside the field, whatever the name says
    wrong = unit.post(
        url,
        {
            "action": "photo",
            "expected_step": step,
            "photo-file": SimpleUploadedFile("照片.png", minimal_pdf("x")),
        },
    )
    assert (
        "文件内容不是允许的格式（只接受JPG、PNG）" in wrong.content.decode().split('id="field-photo-file"')[1]
    )
    assert not unit_publicity.record_of(recommended).photo
    unit.post(
        url,
        {"action": "photo", "expected_step": step, "photo-file": SimpleUploadedFile("照片.png", demo_png())},
    )
    unit.post(
        url,
        {
            "action": "result",
            "expected_step": step,
            "result-file": SimpleUploadedFile("结果.pdf", minimal_pdf("r")),
        },
    )
    record = unit_publicity.record_of(recommended)
    assert record.photo_name == "照片.png" and record.result_name == "结果.pdf"
    assert record.result_type == "application/pdf"
    page = unit.get(url).content.decode()
    assert "可以上报" in page and "problem-" not in page
    detail = unit.get(reverse("applications:detail", args=[recommended.pk])).content.decode()
    assert (
        "含起始日，按工作日计算" in detail and "照片.png" in detail and 'class="error problem"' not in detail
    )
    unit.post(reverse("applications:forward", args=[recommended.pk]), {"expected_step": step, "confirm": "1"})
    recommended.refresh_from_db()
    assert recommended.current_label == "地厅级材料接收部门"


def test_a_refused_forward_shows_what_is_missing_beside_each_item(recommended, client_for):
    unit = client_for("base_short")
    step = recommended.current_step_id
    forward_url = reverse("applications:forward", args=[recommended.pk])
    bounced = unit.post(forward_url, {"expected_step": step, "confirm": "1"})
    assert bounced["Location"].endswith("#unit-publicity")
    refused = unit.post(
        reverse("applications:forward", args=[recommended.pk]),
        {"expected_step": step, "confirm": "1"},
        follow=True,
    ).content.decode()
    assert "上报前请完成本单位公示" in refused
    card = refused.split('id="unit-publicity"')[1].split("</section>")[0]
    assert card.count('class="error problem"') == 3 and "请上传公示照片。" in card
    assert_not_forwarded(recommended)


def test_the_papers_are_requested_with_the_recorded_dates(recommended, users, client_for):
    from applications import paper_set
    from zhicheng import documents

    publicise(recommended, users["base_short"], start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 6))
    response = client_for("base_short").post(
        page_url(recommended), {"action": "papers", "expected_step": recommended.current_step_id}
    )
    assert response.status_code == 302
    for kind in (paper_set.PUBLICITY, paper_set.PUBLICITY_RESULT):
        doc = documents.latest(recommended, kind)
        assert doc.params["start"] == "2026-03-02" and doc.params["end"] == "2026-03-06"


# who → expected GET status, for an application held by its base unit with a recorded 公示
PAGE = {"base_short": 200, "applicant": 403}
FILES = {"base_short": 200, "applicant": 200}
STRANGERS = [
    "applicant2",
    "base_long",
    "dept",
    "county",
    "committee_region",
    "committee_changji",
    "office_region",
]


@pytest.mark.parametrize("who", [*PAGE, *STRANGERS])
def test_who_may_open_the_publicity_page_and_its_files(recommended, users, client_for, who):
    publicise(recommended, users["base_short"])
    client = client_for(who)
    assert client.get(page_url(recommended)).status_code == PAGE.get(who, 404)
    for which in ("photo", "result"):
        response = client.get(reverse("applications:publicity-file", args=[recommended.pk, which]))
        assert response.status_code == FILES.get(who, 404), (who, which)
        if response.status_code == 200:
            assert response["X-Content-Type-Options"] == "nosniff"
    unknown = reverse("applications:publicity-file", args=[recommended.pk, "other"])
    assert client.get(unknown).status_code == 404


def test_after_the_forward_the_unit_and_the_next_node_may_read_but_not_record(recommended, users, client_for):
    publicise(recommended, users["base_short"])
    forward(recommended, users["base_short"])
    for who in ("base_short", "dept"):
        client = client_for(who)
        assert client.get(page_url(recommended)).status_code == 403
        photo = reverse("applications:publicity-file", args=[recommended.pk, "photo"])
        assert client.get(photo).status_code == 200
    stale = client_for("base_short").post(page_url(recommended), {"action": "dates", "expected_step": "1"})
    assert stale.status_code == 409


def test_anonymous_visitors_go_to_login_and_a_file_without_a_record_is_404(recommended, client, client_for):
    for url in (
        page_url(recommended),
        reverse("applications:publicity-file", args=[recommended.pk, "photo"]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    no_record = reverse("applications:publicity-file", args=[recommended.pk, "photo"])
    assert client_for("base_short").get(no_record).status_code == 404

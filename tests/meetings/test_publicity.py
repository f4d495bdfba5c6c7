"""评审结果公示 and 异议: the rules of meetings/publicity.py and how they gate the 批文."""

import datetime as dt
import hashlib
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.constants import Gender
from certificates import services as cert_services
from certificates.candidates import eligible_candidates
from filings.demo import minimal_pdf
from meetings import publicity
from meetings.constants import MeetingState, ObjectionStatus
from meetings.models import Meeting, Objection, Publicity, PublicitySetting
from zhicheng.audit import entries_for

from .factories import closed_meeting

pytestmark = pytest.mark.django_db

XJ_START = dt.date(2025, 6, 4)  # 5 working days end 6-10 nationally, 6-13 in Xinjiang (古尔邦节)


@pytest.fixture
def clock(monkeypatch):
    """clock(day): every 公示 rule (and eligible_candidates) now compares with `day`."""

    def set_day(day):
        monkeypatch.setattr(publicity, "today", lambda: day)

    set_day(XJ_START)
    return set_day


@pytest.fixture
def meeting(cast):
    return closed_meeting(cast, 2)


@pytest.fixture
def staff(users):
    return users["committee_region"]


def publish(meeting, staff, start=XJ_START, **kw):
    return publicity.publish_publicity(
        meeting, by=staff, start_date=start, contact=kw.pop("contact", "0991-1"), **kw
    )


def objection(pub, entry=None, **kw):
    data = {"name": "实名人", "phone": "13900000001", "text": "论文雷同", "ip": "10.0.0.1", **kw}
    return publicity.raise_objection(pub, entry_id=(entry or pub.entries.first()).pk, **data)


# ---- publishing -------------------------------------------------------------------------------------
def test_the_published_list_is_frozen_without_id_numbers_and_fingerprinted(clock, meeting, staff):
    app = meeting.candidates.first().application
    app.applicant.gender = Gender.FEMALE
    app.applicant.save()
    pub = publish(meeting, staff)
    entries = list(pub.entries.order_by("order"))
    assert [e.order for e in entries] == [1, 2]
    mine = next(e for e in entries if e.application_id == app.pk)
    assert (mine.name, mine.gender, mine.employer) == (app.applicant.real_name, "女", app.base_unit.name)
    assert mine.qualification == app.qualification.name
    rows = [[e.order, e.name, e.gender, e.employer, e.series, e.specialty, e.qualification] for e in entries]
    blob = json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode()
    assert pub.fingerprint == hashlib.sha256(blob).hexdigest()
    stored = json.dumps([vars(e) for e in entries], default=str)
    assert app.applicant.id_number not in stored
    # a later change of the person's data does not change the published list
    app.applicant.real_name = "改名"
    app.applicant.save()
    assert pub.entries.get(application=app).name != "改名"
    assert entries_for(pub).filter(action="meetings.publicity.published").count() == 1


def test_the_period_counts_working_days_of_the_committees_region(clock, meeting, staff, orgs):
    assert orgs["committee_region"].region.code.startswith("65")
    pub = publish(meeting, staff)
    assert (pub.start_date, pub.end_date, pub.working_days) == (XJ_START, dt.date(2025, 6, 13), 5)


def test_the_period_is_a_committee_setting_never_below_five(clock, meeting, staff, orgs):
    committee = orgs["committee_region"]
    with pytest.raises(publicity.PublicityError, match="不能少于5个工作日"):
        publicity.save_setting(committee, by=staff, period_days=4)
    with pytest.raises(publicity.PublicityError, match="不能超过30个工作日"):
        publicity.save_setting(committee, by=staff, period_days=32768)  # was a smallint 500
    assert not PublicitySetting.objects.exists()
    publicity.save_setting(committee, by=staff, period_days=7, contact="办公室")
    pub = publish(meeting, staff)
    assert (pub.working_days, pub.end_date) == (7, dt.date(2025, 6, 17))


@pytest.mark.parametrize(
    "setup, message",
    [
        ("open", "评审会议结束"),
        ("twice", "不能重复发布"),
        ("past", "不能早于今天"),
        ("nobody", "没有评审通过的人员"),
        ("stranger", "不是该评审委员会的工作人员"),
        ("no_contact", "异议受理联系方式"),
    ],
)
def test_publishing_is_refused(clock, meeting, staff, users, setup, message):
    start, by, contact = XJ_START, staff, "0991-1"
    if setup == "open":
        Meeting.objects.filter(pk=meeting.pk).update(state=MeetingState.OPEN)
    elif setup == "twice":
        publish(meeting, staff)
    elif setup == "past":
        start = XJ_START - dt.timedelta(days=1)
    elif setup == "nobody":
        meeting.candidates.update(passed=False)
    elif setup == "stranger":
        by = users["committee_changji"]
    elif setup == "no_contact":
        contact = " "
    before = Publicity.objects.count()
    with pytest.raises(publicity.PublicityError, match=message):
        publicity.publish_publicity(meeting, by=by, start_date=start, contact=contact)
    assert Publicity.objects.count() == before


def test_a_period_into_an_unpublished_year_is_refused(clock, meeting, staff):
    clock(dt.date(2026, 12, 28))
    with pytest.raises(publicity.PublicityError, match="2027年的节假日安排尚未发布"):
        publish(meeting, staff, start=dt.date(2026, 12, 28))
    assert not Publicity.objects.exists()


# ---- 异议 ---------------------------------------------------------------------------------------------
def test_objections_are_taken_on_the_first_and_the_last_day_only(clock, meeting, staff):
    pub = publish(meeting, staff)
    for i, (day, ok) in enumerate(
        [
            (XJ_START - dt.timedelta(days=1), False),
            (XJ_START, True),
            (dt.date(2025, 6, 13), True),
            (dt.date(2025, 6, 14), False),
        ]
    ):
        clock(day)
        if ok:
            objection(pub, ip=f"10.0.0.{i}")
        else:
            with pytest.raises(publicity.PublicityError, match="只能在公示期内.*2025/6/13"):
                objection(pub, ip=f"10.0.0.{i}")
    assert pub.objections.count() == 2
    assert entries_for(pub).filter(action="meetings.objection.raised").count() == 2


@pytest.mark.parametrize(
    "change, message",
    [
        ({"phone": "1234"}, "11位手机号码"),
        ({"name": ""}, "真实姓名"),
        ({"text": "x" * 1001}, "不能超过1000字"),
        ({"text": " "}, "异议内容"),
    ],
)
def test_an_objection_needs_a_real_name_a_mobile_and_a_short_text(clock, meeting, staff, change, message):
    pub = publish(meeting, staff)
    with pytest.raises(publicity.PublicityError, match=message):
        objection(pub, **change)
    assert not Objection.objects.exists()


def test_an_objection_names_one_person_of_this_list(clock, meeting, staff, cast):
    pub = publish(meeting, staff)
    other = publish(closed_meeting(cast, 1), staff)
    with pytest.raises(publicity.PublicityError, match="公示名单中的一位人员"):
        objection(pub, entry=other.entries.first())


def test_the_attachment_is_judged_by_its_content(clock, meeting, staff):
    pub = publish(meeting, staff)
    fake = SimpleUploadedFile("evidence.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    with pytest.raises(publicity.PublicityError, match="不是允许的格式"):
        objection(pub, attachment=fake)
    ok = objection(
        pub, attachment=SimpleUploadedFile("证据.pdf", minimal_pdf("x"), content_type="application/pdf")
    )
    assert ok.attachment_name == "证据.pdf" and ok.attachment.name.endswith(".pdf")
    assert "证据" not in ok.attachment.name


def test_one_address_may_raise_a_few_objections_an_hour(clock, meeting, staff):
    pub = publish(meeting, staff)
    for _ in range(publicity.OBJECTIONS_PER_HOUR):
        objection(pub, ip="10.9.9.9")
    with pytest.raises(publicity.PublicityError, match="提交过于频繁"):
        objection(pub, ip="10.9.9.9")
    objection(pub, ip="10.9.9.10")


def test_the_committee_records_the_handling_once(clock, meeting, staff, users):
    pub = publish(meeting, staff)
    obj = objection(pub)
    with pytest.raises(publicity.PublicityError, match="不是该评审委员会"):
        publicity.handle_objection(obj, by=users["committee_changji"], decision="upheld", reasons="x")
    with pytest.raises(publicity.PublicityError, match="处理理由"):
        publicity.handle_objection(obj, by=staff, decision="upheld", reasons=" ")
    obj.refresh_from_db()
    assert obj.status == ObjectionStatus.PENDING
    publicity.handle_objection(obj, by=staff, decision="rejected", reasons="经核查不属实")
    obj.refresh_from_db()
    assert (obj.status, obj.reasons, obj.handled_by) == ("rejected", "经核查不属实", staff)
    with pytest.raises(publicity.PublicityError, match="已经处理"):
        publicity.handle_objection(obj, by=staff, decision="upheld", reasons="改判")
    obj.refresh_from_db()
    assert obj.status == "rejected"
    assert entries_for(pub).filter(action="meetings.objection.handled").count() == 1


# ---- the gate of the 批文 ----------------------------------------------------------------------------
def test_a_candidate_reaches_the_approval_only_after_the_period_has_ended(clock, meeting, staff, orgs):
    committee = orgs["committee_region"]
    ids = sorted(meeting.candidates.values_list("application_id", flat=True))
    assert not eligible_candidates(committee).exists()  # passed, but not publicised
    publish(meeting, staff)
    clock(dt.date(2025, 6, 13))  # the last day of the period
    assert not eligible_candidates(committee).exists()
    clock(dt.date(2025, 6, 14))
    assert sorted(eligible_candidates(committee).values_list("pk", flat=True)) == ids


@pytest.mark.parametrize("decision, blocks", [(None, True), ("upheld", True), ("rejected", False)])
def test_an_objection_pending_or_upheld_keeps_the_person_off_the_approval(
    clock, meeting, staff, orgs, decision, blocks
):
    committee = orgs["committee_region"]
    pub = publish(meeting, staff)
    target, other = pub.entries.order_by("order")
    obj = objection(pub, entry=target)
    if decision:
        publicity.handle_objection(obj, by=staff, decision=decision, reasons="核查结论")
    clock(dt.date(2025, 6, 16))
    eligible = set(eligible_candidates(committee).values_list("pk", flat=True))
    assert other.application_id in eligible
    assert (target.application_id not in eligible) is blocks
    if blocks:
        with pytest.raises(cert_services.CertificateError, match="不符合列入批文条件"):
            cert_services.draft_approval(
                committee,
                by=staff,
                filing=meeting.filing,
                application_ids=[target.application_id],
                granted_on=dt.date(2025, 6, 30),
            )

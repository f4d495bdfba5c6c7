"""Demo 评审会议 (manage.py seed_demo, after experts). Idempotent.

公示: the closed meeting's result (王示例) is on a current 公示; certificates.demo puts its 批文
people on a 公示 that ended a month ago, with one objection found 不成立 (publicise_results).

Three synthetic applicants (sq_wang, sq_zhao, sq_chen) walk the real chain to 通过形式审核 in the
region committee's accepted filing; one meeting is drawn, held and closed (sq_wang and sq_zhao see
查看评审结果), another is open with its ballots waiting for the experts (zj_01 …).
"""

import datetime as dt
from contextlib import contextmanager
from unittest import mock

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.demo import _user
from accounts.synthetic import make_id_number
from applications import services as app_services
from applications.demo import DEMO_PDF, DEMO_ROWS, publicise
from applications.forms import RecommendationForm
from applications.models import Application, SectionAttachment, SectionEntry
from filings.models import Filing
from zhicheng.workflow import ChainState

from . import publicity, services, voting
from .constants import MeetingState, ObjectionStatus
from .models import Candidate, Meeting, Publicity

APPLICANTS = [("sq_wang", "王示例", 511), ("sq_zhao", "赵示例", 533), ("sq_chen", "陈示例", 555)]


def _accepted_application(user, item, cast):
    users, orgs = cast["users"], cast["orgs"]
    app = Application.objects.filter(applicant=user, filing_item=item).first()
    if app is not None:
        return app if app.state == ChainState.ACCEPTED else None
    app = app_services.create_application(by=user, filing_item_id=item.pk)
    Application.objects.filter(pk=app.pk).update(
        base_unit=orgs["base_short"],
        unit_nature="region_direct",
        work_unit_dept="技术部",
        work_start_date=dt.date(2012, 8, 1),
        ethnicity="01",
        political_status="13",
        phone=user.phone,
    )
    app.refresh_from_db()
    for s in app.template().section_list():
        if s.kind in DEMO_ROWS and s.required:
            SectionEntry.objects.create(application=app, kind=s.kind, data=DEMO_ROWS[s.kind])
        if s.attachment_required:
            SectionAttachment.objects.create(
                application=app,
                kind=s.kind,
                file=ContentFile(DEMO_PDF, name="scan.pdf"),
                original_name="示例扫描件.pdf",
                content_type="application/pdf",
                size=len(DEMO_PDF),
            )
    if not all(s.complete for s in app_services.section_statuses(app)):
        return None
    app_services.submit_application(app, by=user, pledge=True)
    app.refresh_from_db()
    form = RecommendationForm(
        {
            "leader": "郑海",
            "phone": "0991-0000108",
            "mobile": "13800000001",
            "email": "unit@example.cn",
            "text": "该同志已达到申报资格条件，工作业绩突出，同意推荐申报。",
        }
    )
    form.is_valid()
    app_services.save_recommendation(app, by=users["base_short"], form=form)
    publicise(app, users["base_short"])  # the base unit's ended 公示 before its 上报 (guide 004)
    for reviewer in (users["base_short"], users["dept"], users["committee_region"]):
        app.refresh_from_db()
        app_services.forward_application(app, by=reviewer, expected_step_id=app.current_step_id)
    app.refresh_from_db()
    return app if app.state == ChainState.ACCEPTED else None


def _held(meeting, cast, votes):
    users = cast["users"]
    staff = users["committee_region"]
    services.file_meeting(meeting, by=staff)
    meeting.refresh_from_db()
    from filings import services as filing_services

    filing_services.accept_filing(
        meeting.record, by=users["office_region"], expected_step_id=meeting.record.current_step_id
    )
    services.prepare_draw(meeting, by=staff)
    services.run_draw(meeting, by=staff)
    members = list(meeting.members.filter(role="member").order_by("rank"))
    services.record_attendance(
        meeting, by=staff, present_ids=[m.pk for m in members], chair_id=members[0].pk, vice_id=members[1].pk
    )
    services.open_meeting(meeting, by=staff)
    if votes is None:
        return
    for cand, choices in zip(meeting.candidates.order_by("application__pk"), votes, strict=False):
        for member, choice in zip(members, choices, strict=False):
            voting.cast_ballot(cand, member=member, choice=choice, by=member.expert.user)
        voting.close_voting(cand, by=staff)


def seed(cast):
    users = cast["users"]
    committee = cast["orgs"]["committee_region"]
    filing = (
        Filing.objects.filter(committee=committee, kind=Filing.Kind.PRE_REVIEW, state=ChainState.ACCEPTED)
        .order_by("pk")
        .first()
    )
    if filing is None or "expert1" not in users:
        return
    item = filing.items.order_by("pk").first()
    apps = []
    for username, name, seq in APPLICANTS:
        user = _user(
            username, name, id_number=make_id_number(dt.date(1986, 4, 1), seq, "650102"), phone="13800000099"
        )
        users[username] = user
        apps.append(_accepted_application(user, item, cast))
    if not all(apps):
        return
    staff = users["committee_region"]
    held_title = "机械电子专业高级评审会议(第一次)"
    if not Meeting.objects.filter(committee=committee, title=held_title).exists():
        meeting = services.create_meeting(
            committee,
            by=staff,
            filing=filing,
            title=held_title,
            meeting_date=timezone.localdate(),
            location="乌鲁木齐示例会议室",
        )
        services.set_candidates(meeting, by=staff, application_ids=[apps[0].pk, apps[1].pk])
        services.set_quota(
            meeting, by=staff, specialty_id=item.qualification.specialty_id, members=5, reserves=1
        )
        # 王示例 4 同意 of 5 (passes), 赵示例 3 同意 of 5 (fails: 9 < 10)
        _held(
            meeting,
            cast,
            [
                ["agree", "agree", "agree", "agree", "disagree"],
                ["agree", "agree", "agree", "disagree", "abstain"],
            ],
        )
    open_title = "机械电子专业高级评审会议(第二次)"
    if not Meeting.objects.filter(committee=committee, title=open_title).exists():
        meeting = services.create_meeting(
            committee,
            by=staff,
            filing=filing,
            title=open_title,
            meeting_date=timezone.localdate(),
            location="乌鲁木齐示例会议室",
        )
        services.set_candidates(meeting, by=staff, application_ids=[apps[2].pk])
        services.set_quota(
            meeting, by=staff, specialty_id=item.qualification.specialty_id, members=6, reserves=0
        )
        _held(meeting, cast, None)
    _current_publicity(committee, staff, held_title)


DEMO_CONTACT = "评审委员会办公室 0991-0000000（工作日 10:00–18:00）"


def _current_publicity(committee, staff, title):
    meeting = Meeting.objects.filter(committee=committee, title=title, state=MeetingState.CLOSED).first()
    if meeting is None or Publicity.objects.filter(meeting=meeting).exists():
        return
    try:
        publicity.publish_publicity(meeting, by=staff, start_date=publicity.today(), contact=DEMO_CONTACT)
    except publicity.PublicityError:
        pass  # e.g. the period would reach a year without a published calendar: no demo 公示 then


@contextmanager
def as_of(day):
    """Publish history: the rules compare with meetings.publicity.today(), which this moves back.
    Only the demo, the benchmark and tests use it (a real 公示 never starts in the past)."""
    with mock.patch.object(publicity, "today", return_value=day):
        yield


def record_results(committee, applications, *, by, day=None):
    """A closed meeting that records these applications as passed (they passed without the
    meetings flow: certificates.demo.passed_application), so that its 公示 can be published.
    Written directly, for the demo and bench_certificates only; tests hold a real meeting
    (tests/meetings/factories.hold_meeting)."""
    day = day or publicity.today()
    meeting = Meeting.objects.create(
        committee=committee,
        filing=applications[0].filing_item.filing,
        title=f"评审会议（{day:%Y年%m月%d日}）",
        meeting_date=day,
        state=MeetingState.CLOSED,
        closed_at=timezone.now(),
        created_by=by,
    )
    Candidate.objects.bulk_create(
        Candidate(meeting=meeting, application=a, voting_closed=True, passed=True) for a in applications
    )
    return meeting


def publicise_results(committee, applications, *, by, days_ago=30, objection=False):
    """record_results, then a 公示 that started `days_ago` days ago (so it has ended); with
    `objection`, one 异议 raised during the period and found 不成立."""
    applications = [a for a in applications if a is not None]
    if not applications:
        return None
    start = publicity.today() - dt.timedelta(days=days_ago)
    meeting = record_results(committee, applications, by=by, day=start)
    return publish_ended(meeting, by=by, days_ago=days_ago, objection=objection)


def publish_ended(meeting, *, by, days_ago=30, objection=False):
    """The 公示 of a closed meeting, published `days_ago` days ago through the service (ended)."""
    start = publicity.today() - dt.timedelta(days=days_ago)
    with as_of(start):
        pub = publicity.publish_publicity(meeting, by=by, start_date=start, contact=DEMO_CONTACT)
        if objection:
            entry = pub.entries.order_by("order").first()
            obj = publicity.raise_objection(
                pub,
                entry_id=entry.pk,
                name="异议示例人",
                phone="13900000000",
                text="反映该同志论文与他人雷同，请核查。（演示数据）",
            )
            publicity.handle_objection(
                obj,
                by=by,
                decision=ObjectionStatus.REJECTED,
                reasons="经核查，所反映论文为该同志独立完成，查重结果正常，异议不成立。（演示数据）",
            )
    return pub

"""Every service that changes data writes at least one audit entry.

The test walks the public functions of each app's services module (and the chain machinery)
that run in a transaction: each must have a scenario here, and each scenario must leave a new
entry behind. A new service without a scenario fails `test_every_service_has_a_scenario`.
"""

import datetime as dt
import importlib
import inspect
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.constants import OrgKind
from accounts.models import Appeal, Membership
from accounts.synthetic import make_id_number
from filings.demo import minimal_pdf
from tests.accounts.factories import UnitFactory, UserFactory, new_credit_code, new_id_number
from zhicheng.audit import AuditEntry

MODULES = [
    "accounts.services",
    "accounts.staff",
    "accounts.recovery",
    "filings.services",
    "filings.catalogue",
    "filings.members",
    "filings.plan_times",
    "filings.lost",
    "applications.services",
    "meetings.publicity",
    "applications.unit_publicity",
    "zhicheng.workflow",
]
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _mutating(module_name):
    module = importlib.import_module(module_name)
    return {
        f"{module_name}.{name}"
        for name, fn in inspect.getmembers(module, inspect.isfunction)
        if not name.startswith("_") and fn.__module__ == module_name and hasattr(fn, "__wrapped__")
    }


def member(org):
    return Membership.objects.filter(organisation=org, is_active=True).select_related("user").first().user


def pdf(name="file.pdf"):
    return SimpleUploadedFile(name, minimal_pdf(name), content_type="application/pdf")


@pytest.fixture
def w(cast):
    from filings.constants import Level
    from filings.models import Qualification, ReviewableQualification

    quals = [
        Qualification.objects.get(
            specialty__series__code="engineering", specialty__name="机械电子专业", level=level
        )
        for level in (Level.ZHONGJI, Level.ZHULIJI)
    ]
    for q in quals:
        ReviewableQualification.objects.get_or_create(
            committee=cast["orgs"]["committee_changji"], qualification=q
        )
    return SimpleNamespace(users=cast["users"], orgs=cast["orgs"], quals=quals)


# ---- accounts ------------------------------------------------------------------------------------
def pending_unit(w):
    admin = UserFactory()
    return UnitFactory(parent=w.orgs["county"], pending=True, admin=admin), admin


def unit_change(w):
    from accounts import services

    return services.request_unit_change(
        w.orgs["base_short"],
        by=w.users["base_short"],
        name="新名称单位",
        contact_name="乙",
        contact_phone="0994-2",
    )


def _approve_unit(w):
    from accounts import services

    org, _admin = pending_unit(w)
    return lambda: services.approve_unit(org, by=w.users["county"], expected_step_id=org.current_step_id)


def _return_unit(w):
    from accounts import services

    org, _admin = pending_unit(w)
    return lambda: services.return_unit(
        org, by=w.users["county"], expected_step_id=org.current_step_id, reason="缺执照"
    )


def _resubmit_unit(w):
    from accounts import services

    org, admin = pending_unit(w)
    services.return_unit(org, by=w.users["county"], expected_step_id=org.current_step_id, reason="缺执照")
    org.refresh_from_db()
    data = {
        f: getattr(org, f) for f in ("name", "unit_nature", "region", "address", "contact_name", "parent")
    }
    return lambda: services.resubmit_unit(
        org, by=admin, data={**data, "contact_phone": "0994-9", "credit_code": org.credit_code}
    )


def _register_unit(w):
    from accounts import services

    admin = {
        "real_name": "注册人",
        "id_number": new_id_number(),
        "phone": "13900000009",
        "email": "r@example.cn",
        "password": "Sample#Pass2026",
    }
    unit = {
        "name": "新注册单位",
        "credit_code": new_credit_code(),
        "parent": w.orgs["county"],
        "region": w.orgs["county"].region,
        "unit_nature": "county_and_below",
        "address": "地址",
        "contact_name": "甲",
        "contact_phone": "0994-1",
    }
    return lambda: services.register_unit(admin=admin, unit=unit, licence=pdf(), licence_kind="pdf")


def _approve_change(w):
    from accounts import services

    change = unit_change(w)
    return lambda: services.approve_unit_change(
        change, by=member(change.current_org), expected_step_id=change.current_step_id
    )


def _return_change(w):
    from accounts import services

    change = unit_change(w)
    return lambda: services.return_unit_change(
        change, by=member(change.current_org), expected_step_id=change.current_step_id, reason="名称有误"
    )


def _staff(w):
    from accounts import services

    return services.add_staff_user(
        w.orgs["base_short"],
        by=w.users["base_short"],
        username="staff_x",
        real_name="经办人",
        id_number=new_id_number(),
        phone="13900000010",
        office_phone="",
        email="",
        password="Sample#Pass2026",
    )


def _appeal():
    from accounts import services

    return services.file_appeal(
        real_name="申诉人",
        id_number=make_id_number(dt.date(1990, 1, 2), 321, "652301"),
        phone="13900000011",
        email="",
        explanation="手机号已停用",
    )


def _accounts(name, w):
    from accounts import services

    u = w.users
    match name:
        case "add_member":
            newcomer = UserFactory()
            return lambda: services.add_member(w.orgs["base_short"], newcomer, by=u["base_short"])
        case "add_staff_user":
            return lambda: _staff(w)
        case "approve_unit":
            return _approve_unit(w)
        case "approve_unit_change":
            return _approve_change(w)
        case "create_organisation":
            return lambda: services.create_organisation(
                name="新单位", kind=OrgKind.BASE_UNIT, region=w.orgs["county"].region, parent=w.orgs["county"]
            )
        case "edit_staff_user":
            m = _staff(w)
            return lambda: services.edit_staff_user(m, by=u["base_short"], is_admin=not m.is_admin)
        case "file_appeal":
            return _appeal
        case "handle_appeals":
            a = _appeal()
            return lambda: services.handle_appeals(
                Appeal.objects.filter(pk=a.pk), by=u["admin"], status=Appeal.Status.DONE
            )
        case "request_password_reset":
            return lambda: services.request_password_reset(u["applicant"].email)
        case "record_password_change":
            return lambda: services.record_password_change(u["applicant"], by=u["applicant"])
        case "register_person":
            return lambda: services.register_person(
                real_name="新人",
                id_number=new_id_number(),
                phone="13900000013",
                email="",
                password="Sample#Pass2026",
            )
        case "register_unit":
            return _register_unit(w)
        case "request_unit_change":
            return lambda: unit_change(w)
        case "resubmit_unit":
            return _resubmit_unit(w)
        case "return_unit":
            return _return_unit(w)
        case "return_unit_change":
            return _return_change(w)
        case "set_staff_active":
            m = _staff(w)
            return lambda: services.set_staff_active(m, by=u["base_short"], active=False)
        case "update_profile":
            return lambda: services.update_profile(
                u["applicant"], phone="13900000014", office_phone="", email="a@example.cn"
            )
        case "upload_personal_file":
            return lambda: services.upload_personal_file(
                u["applicant"], field="photo", upload=SimpleUploadedFile("p.png", PNG), kind="png"
            )
        case _:
            raise LookupError(name)


# ---- filings -------------------------------------------------------------------------------------
def filing(w, **kwargs):
    from tests.filings.factories import FilingFactory

    kwargs.setdefault("qualifications", [w.quals[0]])
    return FilingFactory(
        committee=w.orgs["committee_changji"], created_by=w.users["committee_changji"], **kwargs
    )


def _filings(name, w):
    from filings import services

    u, by = w.users, w.users["committee_changji"]
    today = timezone.localdate()
    match name:
        case "accept_filing":
            f = filing(w, submitted=True)
            return lambda: services.accept_filing(
                f, by=member(f.current_org), expected_step_id=f.current_step_id
            )
        case "return_filing":
            f = filing(w, submitted=True)
            return lambda: services.return_filing(
                f, by=member(f.current_org), expected_step_id=f.current_step_id, opinion="补充"
            )
        case "submit_filing":
            f = filing(w)
            return lambda: services.submit_filing(f, by=by)
        case "add_attachment":
            f = filing(w)
            return lambda: services.add_attachment(f, by=by, kind="notice", upload=pdf())
        case "delete_attachment":
            f = filing(w)
            att = f.attachments.first()
            return lambda: services.delete_attachment(att, by=by)
        case "add_qualifications":
            f = filing(w, qualifications=[])
            return lambda: services.add_qualifications(f, [q.pk for q in w.quals], by=by)
        case "remove_qualifications":
            f = filing(w)
            return lambda: services.remove_qualifications(
                f, list(f.items.values_list("qualification_id", flat=True)), by=by
            )
        case "complete_step":
            f = filing(w, wizard_step=1)
            return lambda: services.complete_step(f, 2, by=by)
        case "confirm_user_info":
            return lambda: services.confirm_user_info(w.orgs["committee_changji"], by, by=by)
        case "create_filing":
            return lambda: services.create_filing(
                w.orgs["committee_changji"],
                by=by,
                data={"work_year": today.year, "level": "chuzhong", "title": "新备案"},
            )
        case "delete_filing":
            f = filing(w)
            return lambda: services.delete_filing(f, by=by)
        case "disable_member":
            other = UserFactory()
            Membership.objects.create(user=other, organisation=w.orgs["committee_changji"], role="committee")
            return lambda: services.disable_member(w.orgs["committee_changji"], other, by=by)
        case "save_notice":
            f = filing(w)
            return lambda: services.save_notice(f, by=by, title="新通知", html="<p>正文</p>")
        case "set_plan_times":
            d = today + dt.timedelta(days=3)
            f = filing(w)
            return lambda: services.set_plan_times(
                f,
                by=by,
                start=d,
                end=d + dt.timedelta(days=9),
                meeting=d + dt.timedelta(days=20),
                approval=d + dt.timedelta(days=30),
            )
        case "set_reviewable":
            return lambda: services.set_reviewable(
                w.orgs["committee_changji"], [], by=u["office_changji"], office=w.orgs["office_changji"]
            )
        case "update_basic":
            f = filing(w)
            return lambda: services.update_basic(f, by=by, data={"title": "改过的标题"})
        case "file_meeting":
            parent = filing(w, accepted=True)
            return lambda: services.file_meeting(parent, by=by, title="评审会议备案", summary="会议概况")
        case "refile_meeting":
            meeting = services.file_meeting(
                filing(w, accepted=True), by=by, title="评审会议备案", summary="概况"
            )
            services.return_filing(
                meeting,
                by=member(meeting.current_org),
                expected_step_id=meeting.current_step_id,
                opinion="补充",
            )
            return lambda: services.refile_meeting(meeting, by=by, summary="补充后的概况")
        case _:
            raise LookupError(name)


def _plan_times(name, w):
    from filings import plan_times

    by = w.users["committee_changji"]
    f = filing(w, accepted=True)
    item = f.items.get()
    d = item.apply_end + dt.timedelta(days=1)
    new = {
        "start": item.apply_start,
        "end": d,
        "meeting": d + dt.timedelta(days=10),
        "approval": d + dt.timedelta(days=20),
    }
    if name == "request_time_change":
        return lambda: plan_times.request_time_change(item, by=by, reason="会议推迟", **new)
    change = plan_times.request_time_change(item, by=by, reason="会议推迟", **new)
    office = member(change.current_org)
    match name:
        case "accept_time_change":
            return lambda: plan_times.accept_time_change(
                change, by=office, expected_step_id=change.current_step_id
            )
        case "return_time_change":
            return lambda: plan_times.return_time_change(
                change, by=office, expected_step_id=change.current_step_id, opinion="理由不足"
            )
        case _:
            raise LookupError(name)


# ---- applications --------------------------------------------------------------------------------
def _applications(name, w):
    from applications import services
    from applications.forms import ApplicationBasicForm
    from applications.sections import SectionKind, form_for
    from tests.applications.factories import make_application, open_item, qualification, recommend

    u, me = w.users, w.users["applicant"]
    item = open_item(w.orgs["committee_region"], u["committee_region"])
    match name:
        case "create_application":
            return lambda: services.create_application(by=me, filing_item_id=item.pk)
            return
    draft = make_application(me, item, w.orgs["base_short"])
    row = form_for(SectionKind.AWARDS)(
        {"name": "奖", "grade": "一等", "issuer": "示例", "awarded_on": "2020-01-01", "author_rank": "1"}
    )
    assert row.is_valid()
    match name:
        case "add_attachment":
            return lambda: services.add_attachment(
                draft, by=me, kind=SectionKind.EDUCATION, upload=pdf(), detected_kind="pdf"
            )
        case "delete_attachment":
            att = draft.attachments.first()
            return lambda: services.delete_attachment(att, by=me)
        case "change_qualification":
            other = open_item(w.orgs["committee_region"], u["committee_region"], qual=qualification(index=1))
            return lambda: services.change_qualification(draft, by=me, filing_item_id=other.pk)
        case "delete_application":
            return lambda: services.delete_application(draft, by=me)
        case "save_entry":
            return lambda: services.save_entry(draft, by=me, kind=SectionKind.AWARDS, form=row)
        case "import_title_record":
            from filings.titles import TitleMethod, TitleSource, record_title

            record = record_title(
                me,
                qualification=qualification(),
                method=TitleMethod.REVIEW,
                granted_on=dt.date(2015, 6, 1),
                source=TitleSource.BACKFILL,
                certificate_no="ZC-2015-001",
                issuing_unit="示例评审委员会",
            )
            return lambda: services.import_title_record(draft, by=me, record_id=record.pk)
        case "delete_entry":
            entry = services.save_entry(draft, by=me, kind=SectionKind.AWARDS, form=row)
            return lambda: services.delete_entry(entry, by=me)
        case "update_basic":
            data = {
                f: getattr(draft, f)
                for f in ApplicationBasicForm._meta.fields
                if f not in ("base_unit",) and getattr(draft, f, None) is not None
            }
            form = ApplicationBasicForm(
                {**data, "base_unit": draft.base_unit_id, "work_unit_dept": "新部门"}, instance=draft
            )
            assert form.is_valid(), form.errors
            return lambda: services.update_basic(draft, by=me, form=form)
        case "submit_application":
            return lambda: services.submit_application(draft, by=me, pledge=True)
        case _:
            services.submit_application(draft, by=me, pledge=True)
            draft.refresh_from_db()
            holder = u["base_short"]
            match name:
                case "forward_application":
                    recommend(draft, holder)
                    draft.refresh_from_db()
                    return lambda: services.forward_application(
                        draft, by=holder, expected_step_id=draft.current_step_id
                    )
                case "return_application":
                    return lambda: services.return_application(
                        draft, by=holder, expected_step_id=draft.current_step_id, reason="附件不清晰"
                    )
                case "save_opinion":
                    return lambda: services.save_opinion(
                        draft, by=holder, kind=SectionKind.EDUCATION, text="请补学位证"
                    )
                case "save_recommendation":
                    return lambda: recommend(draft, holder)
                case "receive_materials":
                    return lambda: services.receive_materials(draft, by=u["committee_region"])
                case _:
                    raise LookupError(name)


# ---- 丢失申领证书批次备案 ------------------------------------------------------------------------------
def _with_source(numbers, call):
    """Run `call` with a certificate source that knows `numbers` (the certificates app's real
    source needs issued certificates; tests/filings/test_lost_reissue.py exercises it)."""
    from filings import lost

    def fake(committee, *, level, q="", numbers=None, exclude=None):
        known = [SimpleNamespace(number=n, name="持证人", title_label="工程/机械/工程师") for n in wanted]
        return [c for c in known if numbers is None or c.number in numbers]

    wanted, saved = numbers, list(lost._SOURCE)
    lost.register_certificate_source(fake)
    try:
        return call()
    finally:
        lost._SOURCE[:] = saved


def _lost(name, w):
    from filings import lost
    from filings.models import LostCertificate

    by = w.users["committee_changji"]
    data = {"title": "补发", "contact_name": "甲", "contact_phone": "0994-1234567", "level": "chuzhong"}
    if name == "create_lost_filing":
        return lambda: lost.create_lost_filing(w.orgs["committee_changji"], by=by, data=data)
    f = lost.create_lost_filing(w.orgs["committee_changji"], by=by, data=data)
    row = LostCertificate.objects.create(filing=f, certificate_no="ZC1", holder_name="持证人", reason="lost")
    match name:
        case "update_lost_basic":
            return lambda: lost.update_lost_basic(f, by=by, data={**data, "title": "新标题"})
        case "add_lost_certificates":
            return lambda: _with_source(
                ["ZC2"], lambda: lost.add_lost_certificates(f, ["ZC2"], by=by, reason="lost")
            )
        case "remove_lost_certificates":
            return lambda: lost.remove_lost_certificates(f, [row.pk], by=by)
        case "upload_lost_request":
            return lambda: lost.upload_lost_request(row, by=by, upload=pdf())
        case "submit_lost_filing":
            lost.upload_lost_request(row, by=by, upload=pdf())
            return lambda: _with_source(["ZC1"], lambda: lost.submit_lost_filing(f, by=by))
        case "delete_lost_filing":
            return lambda: lost.delete_lost_filing(f, by=by)


def _unit_publicity(name, w):
    from applications import unit_publicity
    from tests.applications.factories import make_application, open_item, publicise

    item = open_item(w.orgs["committee_region"], w.users["committee_region"])
    app = make_application(w.users["applicant"], item, w.orgs["base_short"], submitted=True)
    holder = w.users["base_short"]
    start, end = unit_publicity.latest_ended_period(unit_publicity.region_of(app))
    match name:
        case "record_publicity":
            return lambda: unit_publicity.record_publicity(
                app,
                by=holder,
                start=start,
                end=end,
                office="办公室",
                phone="0991-0000108",
                politics="遵纪守法。",
            )
        case "upload_publicity_file":
            publicise(app, holder, photo=False)
            upload = SimpleUploadedFile("公示照片.png", PNG, content_type="image/png")
            return lambda: unit_publicity.upload_publicity_file(
                app, by=holder, which="photo", upload=upload, detected_kind="png"
            )
        case _:
            raise LookupError(name)


# ---- the chain machinery -------------------------------------------------------------------------
def _workflow(name, w):
    from zhicheng import workflow

    if name == "submit":
        admin = UserFactory()
        org = UnitFactory(parent=w.orgs["county"], admin=admin)
        return lambda: workflow.submit(org, by=admin)
    org, _admin = pending_unit(w)
    match name:
        case "forward":
            return lambda: workflow.forward(org, by=w.users["county"], expected_step_id=org.current_step_id)
        case "accept":
            return lambda: workflow.accept(org, by=w.users["county"], expected_step_id=org.current_step_id)
        case "send_back":
            return lambda: workflow.send_back(
                org, by=w.users["county"], expected_step_id=org.current_step_id, opinion="退回"
            )
        case _:
            raise LookupError(name)


# ---- 公示 and 异议 ----------------------------------------------------------------------------------
def _publicity(name, w):
    """On a fixed day (meetings.demo.as_of), so the period never runs into an unpublished year."""
    from meetings import publicity
    from meetings.demo import as_of
    from tests.meetings.factories import closed_meeting

    day = dt.date(2026, 6, 1)

    def at_day(fn):
        def run():
            with as_of(day):
                return fn()

        return run

    staff, committee = w.users["committee_region"], w.orgs["committee_region"]
    if name == "save_setting":
        return lambda: publicity.save_setting(committee, by=staff, period_days=6)
    meeting = closed_meeting({"orgs": w.orgs, "users": w.users}, 1)
    publish = at_day(
        lambda: publicity.publish_publicity(meeting, by=staff, start_date=day, contact="0991-1234567")
    )
    if name == "publish_publicity":
        return publish
    pub = publish()
    raise_one = at_day(
        lambda: publicity.raise_objection(
            pub, entry_id=pub.entries.get().pk, name="甲", phone="13900000001", text="x"
        )
    )
    match name:
        case "raise_objection":
            return raise_one
        case "handle_objection":
            obj = raise_one()
            return lambda: publicity.handle_objection(obj, by=staff, decision="rejected", reasons="不属实")
        case _:
            raise LookupError(name)


RUNNERS = {
    "meetings.publicity": _publicity,
    "accounts.services": _accounts,
    "accounts.staff": _accounts,
    "accounts.recovery": _accounts,
    "filings.catalogue": _filings,
    "filings.members": _filings,
    "filings.plan_times": _plan_times,
    "filings.lost": _lost,
    "filings.services": _filings,
    "applications.services": _applications,
    "applications.unit_publicity": _unit_publicity,
    "zhicheng.workflow": _workflow,
}
ALL = sorted(set().union(*(_mutating(m) for m in MODULES)))


@pytest.mark.parametrize("qualname", ALL)
def test_the_service_writes_an_audit_entry(qualname, w):
    module, name = qualname.rsplit(".", 1)
    call = RUNNERS[module](name, w)  # the setup; `call` is the service call alone
    before = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    call()
    new = list(AuditEntry.objects.filter(pk__gt=before).values_list("action", flat=True))
    last = new[-1] if new else None
    assert new, f"{qualname} changed data without writing an audit entry"
    assert last.count(".") == 2, f"{qualname} logged {last!r}: expected app.object.verb_past"


def test_every_service_has_a_scenario():
    """Each module's runner knows every mutating function (LookupError otherwise): listed here
    so that a new service shows up as a failing scenario, not as a silently skipped one."""
    assert len(ALL) >= 50
    assert {q.rsplit(".", 1)[0] for q in ALL} == set(MODULES)

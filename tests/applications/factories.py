"""Open windows and applications in every state, for the applications tests."""

import datetime as dt

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from applications import services
from applications.sections import DEFAULT_TEMPLATE, SectionKind, form_for
from filings.constants import FilingLevel, Level
from filings.demo import minimal_pdf
from filings.models import FilingQualification, Qualification
from zhicheng import workflow

PDF = minimal_pdf("scan")

ROWS = {
    SectionKind.EDUCATION: {
        "education": "bachelor",
        "degree": "bachelor",
        "years": 4,
        "major": "机械设计制造及其自动化",
        "school": "新疆示例大学",
        "graduated_on": "2010-07-01",
        "highest": True,
    },
    SectionKind.WORK_HISTORY: {
        "start": "2010-08-01",
        "end": None,
        "employer": "新疆示例机械制造有限公司",
        "post": "工程师",
    },
    SectionKind.ACHIEVEMENTS: {
        "name": "示例数控机床改造项目",
        "year": 2022,
        "role": "负责人",
        "description": "完成了示例机床的数控改造。",
    },
    SectionKind.CONTINUING: {"year": 2023, "public_hours": 30, "specialty_hours": 60, "certificate_no": ""},
    SectionKind.APPRAISAL: {"year": 2023, "result": "合格"},
}


def qualification(level=Level.FUGAO, series="engineering", index=0):
    return Qualification.objects.filter(specialty__series__code=series, level=level, is_active=True).order_by(
        "pk"
    )[index]


class FilingItemFactory(factory.django.DjangoModelFactory):
    """An accepted filing's qualification whose window is open today (traits: closed, upcoming)."""

    class Meta:
        model = FilingQualification

    apply_start = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=5))
    apply_end = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=20))
    meeting_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=40))
    approval_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=60))

    class Params:
        closed = factory.Trait(
            apply_start=factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=30)),
            apply_end=factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=2)),
        )


def open_item(committee, created_by, *, qual=None, type="review", closed=False, work_year=None):
    """An accepted filing with one qualification whose window is open today (or has closed):
    drafted by the committee, submitted through filings.services.submit_filing (流水号, steps, log
    entries), accepted by its title office.

    The acceptance goes through workflow.accept, not filings.services.accept_filing, on purpose:
    that service refuses a window overlapping another accepted filing of the committee, and tests
    open several windows of one qualification for one committee (a meeting per window)."""
    from filings.services import submit_filing
    from tests.filings.factories import FilingFactory, office_user_for

    filing = FilingFactory(
        committee=committee,
        created_by=created_by,
        type=type,
        work_year=work_year or timezone.localdate().year,
        level=FilingLevel.GAOJI_EXCL_EDU,
        qualifications=[],
    )
    item = FilingItemFactory(filing=filing, qualification=qual or qualification(), closed=closed)
    submit_filing(filing, by=created_by)
    filing.refresh_from_db()
    workflow.accept(filing, by=office_user_for(filing), expected_step_id=filing.current_step_id)
    item.refresh_from_db()
    return item


BASIC = {
    "unit_nature": "region_direct",
    "work_unit_dept": "技术部",
    "work_start_date": "2010-08-01",
    "ethnicity": "01",
    "political_status": "13",
    "phone": "13800000003",
}


def fill(app, base_unit):
    """Everything the default template requires, so the application can be submitted — posted the
    way the screens post it (基本信息, each section's row form, the attachment upload), through the
    services, so that every change has its audit entry."""
    from applications.forms import ApplicationBasicForm, AttachmentForm

    by = app.applicant
    form = ApplicationBasicForm({**BASIC, "base_unit": base_unit.pk}, instance=app)
    assert form.is_valid(), form.errors
    services.update_basic(app, by=by, form=form)
    for kind, req, att in DEFAULT_TEMPLATE:
        if req and kind != SectionKind.BASIC:
            row = form_for(kind)(ROWS[kind])
            assert row.is_valid(), (kind, row.errors)
            services.save_entry(app, by=by, kind=kind, form=row)
        if att:
            upload = AttachmentForm({}, {"file": SimpleUploadedFile("毕业证书.pdf", PDF)})
            assert upload.is_valid(), upload.errors
            services.add_attachment(
                app, by=by, kind=kind, upload=upload.cleaned_data["file"], detected_kind=upload.detected_kind
            )
    app.refresh_from_db()
    return app


def make_application(applicant, item, base_unit=None, *, submitted=False):
    app = services.create_application(by=applicant, filing_item_id=item.pk)
    if base_unit is not None:
        fill(app, base_unit)
    if submitted:
        services.submit_application(app, by=applicant, pledge=True)
        app.refresh_from_db()
    return app


def walk(app, user, *, opinion=""):
    """The holder forwards; returns the refreshed application."""
    app.refresh_from_db()
    services.forward_application(app, by=user, expected_step_id=app.current_step_id)
    app.refresh_from_db()
    return app


def recommend(app, user, text="该同志已达到申报资格条件，工作业绩突出，同意推荐申报。"):
    from applications.forms import RecommendationForm

    form = RecommendationForm(
        {
            "leader": "郑海",
            "phone": "0991-0000108",
            "mobile": "13800000001",
            "email": "unit@example.cn",
            "text": text,
        }
    )
    assert form.is_valid(), form.errors
    app.refresh_from_db()
    rec = services.save_recommendation(app, by=user, form=form)
    publicise(app, user)
    return rec


def publicise(app, user, **kwargs):
    """What the base unit does before its 上报 (guide 004): a 公示 of 5 working days that has ended,
    its photo and result — the one place every test that forwards through the base unit gets it
    (recommend() calls it: the base unit's 推荐意见 and 公示 come together)."""
    from applications.demo import publicise as record

    return record(app, user, **kwargs)


def send_back(app, user, reason="学历附件不清晰"):
    app.refresh_from_db()
    services.return_application(app, by=user, expected_step_id=app.current_step_id, reason=reason)
    app.refresh_from_db()
    return app


def advance(app):
    """One step up the chain, by whoever holds it now: the base unit writes its 推荐意见 and 公示
    first (guide 004), the committee receives the paper materials before its 通过形式审核."""
    from applications.models import Recommendation
    from tests.filings.factories import holder_of

    app.refresh_from_db()
    user = holder_of(app)
    if app.unit_is_base() and not Recommendation.objects.filter(application=app).exists():
        recommend(app, user)
    if app.at_committee and app.materials_received_at is None:
        services.receive_materials(app, by=user)
    return walk(app, user)


STATES = ("draft", "in_review", "returned", "closed", "accepted")


def application_in(state, item, base_unit, applicant=None):
    """An application in `state` (a ChainState value), walked there the way the screens walk it:
    filled and submitted by its applicant, returned by its base unit (until the return limit
    closes it), or forwarded by every holder up to 通过形式审核 — so it has the step rows, the
    guardian rights of every organisation it reached and an audit entry per change."""
    from tests.experts.factories import person
    from tests.filings.factories import holder_of

    assert state in STATES, state
    applicant = applicant or person("申报人")
    app = make_application(applicant, item, base_unit, submitted=state != "draft")
    if state == "accepted":
        for _node in range(10):
            if app.state != workflow.ChainState.IN_REVIEW:
                break
            app = advance(app)
    elif state in ("returned", "closed"):
        app = send_back(app, holder_of(app))
        while state == "closed" and app.state == workflow.ChainState.RETURNED:
            services.submit_application(app, by=applicant, pledge=True)
            app.refresh_from_db()
            app = send_back(app, holder_of(app))
    assert app.state == state, (app.state, state)
    return app


def accepted_application(item, base_unit, applicant=None):
    """An application at 通过形式审核 (what a meeting reviews)."""
    return application_in("accepted", item, base_unit, applicant)


__all__ = [
    "open_item",
    "make_application",
    "application_in",
    "accepted_application",
    "advance",
    "fill",
    "walk",
    "recommend",
    "publicise",
    "send_back",
    "workflow",
    "PDF",
]

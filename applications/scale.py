"""A province's years of applications for load tests: `manage.py seed_scale N`.

Writes, with bulk_create in batches, what the services would have written for N applications:
the applicants, one accepted filing per committee and year with its windows, the applications
in every state on both chain shapes (基层单位 → 地厅级材料接收部门 → 评审机构, and
基层单位 → 县(市)级 → 地州主管局 → 地厅级 → 评审机构), their ChainStep rows round by round,
the guardian grants of every organisation the application reached (review only for the holder),
the section rows and attachment rows (all pointing at one stored scan), the 修改意见 of returns,
the 推荐意见 of the base unit, the Reach rows (applications.reach) and the applicants' 站内消息. Synthetic people only.
"""

import datetime as dt
import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat, LPad
from django.utils import timezone
from guardian.models import GroupObjectPermission

from accounts.models import Message, Organisation, User
from accounts.synthetic import make_id_number
from filings.constants import FilingLevel, Level
from filings.models import Filing, FilingQualification, Qualification
from zhicheng.workflow import ChainState, ChainStep, StepAction

from .demo import DEMO_ROWS
from .models import (
    DEFAULT_RETURN_LIMIT,
    Application,
    Opinion,
    Reach,
    Recommendation,
    SectionAttachment,
    SectionEntry,
)
from .sections import DEFAULT_TEMPLATE, SectionKind

YEARS = list(range(2021, 2027))
BATCH = 2000
SCALE_PREFIX = "scale_"
SCAN = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鑫斌宇浩凯健俊帆帅旭"
ROWS = DEMO_ROWS  # the same synthetic section rows as the demo
REQUIRED_KINDS = [k for k, req, _att in DEFAULT_TEMPLATE if req and k != SectionKind.BASIC]
ATTACHMENT_KINDS = [k for k, _req, att in DEFAULT_TEMPLATE if att]
# Shares of the states among the generated applications (the rest are drafts).
STATE_SHARES = [
    (ChainState.IN_REVIEW, 0.30),
    (ChainState.ACCEPTED, 0.40),
    (ChainState.RETURNED, 0.12),
    (ChainState.CLOSED, 0.03),
]


@dataclass
class Route:
    """One chain shape: the base unit, the committee and the organisations in between."""

    base_unit: Organisation
    committee: Organisation
    chain: list  # [(org, label)] as Application.build_chain() computes it
    items: dict = field(default_factory=dict)  # year -> FilingQualification


def _routes(cast):
    orgs = cast["orgs"]
    out = []
    for unit_key, committee_key in [
        ("base_short", "committee_region"),
        ("base_long", "committee_region"),
        ("base_long", "committee_changji"),
        ("base_short", "committee_changji"),
    ]:
        probe = Application(base_unit=orgs[unit_key], committee=orgs[committee_key])
        out.append(Route(orgs[unit_key], orgs[committee_key], list(probe.build_chain())))
    return out


def _windows(routes, cast):
    """One accepted filing per committee and year, its window (a few months of that year)."""
    qual = (
        Qualification.objects.filter(specialty__series__code="engineering", level=Level.FUGAO, is_active=True)
        .order_by("pk")
        .first()
    ) or Qualification.objects.filter(is_active=True).order_by("pk").first()
    users = cast["users"]
    creator = {
        cast["orgs"]["committee_region"].pk: users["committee_region"],
        cast["orgs"]["committee_changji"].pk: users["committee_changji"],
    }
    by_key = {}
    for route in routes:
        for year in YEARS:
            key = (route.committee.pk, year)
            if key not in by_key:
                filing, _new = Filing.objects.get_or_create(
                    committee=route.committee,
                    work_year=year,
                    title=f"{year}年度{route.committee.name}评审工作事前备案（规模测试）",
                    defaults={
                        "created_by": creator[route.committee.pk],
                        "type": "review",
                        "level": FilingLevel.GAOJI_EXCL_EDU,
                        "state": ChainState.ACCEPTED,
                        "wizard_step": 7,
                    },
                )
                item, _new = FilingQualification.objects.get_or_create(
                    filing=filing,
                    qualification=qual,
                    defaults={
                        "apply_start": dt.date(year, 3, 1),
                        "apply_end": dt.date(year, 6, 30),
                        "meeting_date": dt.date(year, 9, 15),
                        "approval_date": dt.date(year, 10, 31),
                    },
                )
                by_key[key] = item
            route.items[year] = by_key[key]
    return qual


def _applicants(n_people, start, password):
    """Synthetic applicants with valid-checksum 身份证号 (never real people)."""
    rows = []
    for i in range(start, start + n_people):
        birth = dt.date(1965, 1, 1) + dt.timedelta(days=(i // 500) % 12000)
        name = (
            SURNAMES[i % len(SURNAMES)]
            + GIVEN[(i // len(SURNAMES)) % len(GIVEN)]
            + GIVEN[(i * 7) % len(GIVEN)]
        )
        rows.append(
            User(
                username=f"{SCALE_PREFIX}{i:07d}",
                real_name=name,
                id_number=make_id_number(birth, (i % 500) * 2, "650102", male=i % 2 == 0),
                user_no=f"YHBHS{i:07d}",
                password=password,
                phone=f"139{i:08d}",
            )
        )
    return rows


def _pick_state(rnd):
    x = rnd.random()
    for state, share in STATE_SHARES:
        if x < share:
            return state
        x -= share
    return ChainState.DRAFT


class _Writer:
    """Accumulates one batch of rows and writes it with bulk_create."""

    def __init__(self, ct, perms, scan_name, authors):
        self.ct = ct
        self.perms = perms  # (view, review) Permission rows
        self.scan_name = scan_name
        self.authors = authors  # org pk -> a member user
        self.now = timezone.now()

    def plan(self, app, route, state, rnd):
        """Fields of the application and the rows that hang off it, as the services leave them."""
        year = app.year
        t = timezone.make_aware(dt.datetime(year, 3, 1, 9)) + dt.timedelta(minutes=rnd.randint(0, 170000))
        t = min(t, self.now - dt.timedelta(days=1))
        app.created_at = t - dt.timedelta(days=rnd.randint(1, 20))
        steps, grants, opinions, messages, extra = [], {}, [], [], {}
        if state == ChainState.DRAFT:
            return app, steps, grants, opinions, messages, extra
        limit = DEFAULT_RETURN_LIMIT
        rounds = (
            limit
            if state == ChainState.CLOSED
            else (rnd.randint(1, 2) if state == ChainState.RETURNED else 1)
        )
        seq = 0
        chain = route.chain
        for r in range(1, rounds + 1):
            last_round = r == rounds
            returned_round = not last_round or state in (ChainState.RETURNED, ChainState.CLOSED)
            if returned_round:
                stop = rnd.randint(1, len(chain))  # the node that sends it back
            elif state == ChainState.IN_REVIEW:
                stop = rnd.randint(1, len(chain))  # the node that holds it now
            else:
                stop = len(chain)  # accepted: the committee passed it
            seq += 1
            steps.append(
                ChainStep(
                    content_type=self.ct,
                    object_id=0,
                    round=r,
                    seq=seq,
                    position=0,
                    node_label="申请人",
                    organisation=None,
                    handler_id=app.applicant_id,
                    started_at=t - dt.timedelta(days=2),
                    finished_at=t,
                    action=StepAction.SUBMITTED,
                )
            )
            for pos, (org, label) in enumerate(chain, start=1):
                started = t + dt.timedelta(hours=pos * 30) if pos <= stop else None
                finished = started + dt.timedelta(hours=20) if started and pos < stop else None
                action = StepAction.FORWARDED if finished else StepAction.PENDING
                if pos == stop and (returned_round or state == ChainState.ACCEPTED):
                    finished = started + dt.timedelta(hours=20)
                    action = StepAction.RETURNED if returned_round else StepAction.ACCEPTED
                if started is None and returned_round:
                    continue  # a return deletes the nodes not yet reached
                seq += 1
                steps.append(
                    ChainStep(
                        content_type=self.ct,
                        object_id=0,
                        round=r,
                        seq=seq,
                        position=pos,
                        node_label=str(label),
                        organisation=org,
                        handler_id=self.authors.get(org.pk) if finished else None,
                        started_at=started,
                        finished_at=finished,
                        action=action,
                        opinion="学历附件不清晰，请重新上传。" if action == StepAction.RETURNED else "",
                    )
                )
                if started is not None:
                    grants.setdefault(org.pk, org)
                if action == StepAction.RETURNED:
                    opinions.append(
                        Opinion(
                            kind=SectionKind.EDUCATION,
                            text="学历附件不清晰，请重新上传。",
                            round=r,
                            author_id=self.authors.get(org.pk),
                            organisation=org,
                        )
                    )
                    messages.append(
                        ("您的申请书已被回退", "申请书已被回退，请按修改意见修改后重新上报。", finished)
                    )
            if not returned_round:
                seq += 1
                reached = state == ChainState.ACCEPTED
                end = t + dt.timedelta(hours=stop * 30 + 20)
                steps.append(
                    ChainStep(
                        content_type=self.ct,
                        object_id=0,
                        round=r,
                        seq=seq,
                        position=len(chain) + 1,
                        node_label="通过形式审核",
                        is_terminal=True,
                        started_at=end if reached else None,
                        action=StepAction.REACHED if reached else StepAction.PENDING,
                    )
                )
            t = t + dt.timedelta(days=12)
        app.chain_round = rounds
        app.submitted_at = (
            steps[0].finished_at if rounds == 1 else [s for s in steps if s.position == 0][-1].finished_at
        )
        app.pledged_at = app.submitted_at
        app.return_count = rounds - (0 if state in (ChainState.RETURNED, ChainState.CLOSED) else 1)
        last = [s for s in steps if s.round == rounds]
        if state == ChainState.IN_REVIEW:
            current = next(s for s in last if s.started_at and not s.finished_at and not s.is_terminal)
            extra["current"] = current
            app.current_org = current.organisation
            app.current_label = current.node_label
            extra["holder"] = current.organisation.pk
        elif state == ChainState.ACCEPTED:
            terminal = last[-1]
            extra["current"] = terminal
            app.current_label = terminal.node_label
            app.finished_at = terminal.started_at
            app.materials_received_at = terminal.started_at if rnd.random() < 0.6 else None
            messages.append(
                ("您的申请书已通过形式审核", "申请书已通过评审机构形式审核。", terminal.started_at)
            )
        else:
            app.reopened_at = last[-1].finished_at
            if state == ChainState.CLOSED:
                app.finished_at = app.reopened_at
        passed_base = any(
            s.position == 1 and s.finished_at and s.action != StepAction.RETURNED for s in steps
        )
        extra["recommend"] = passed_base
        return app, steps, grants, opinions, messages, extra


def seed_scale(n, *, seed=14, stdout=None):
    """Add `n` applications (and everything around them) to the database; returns the count written."""
    from accounts import demo as accounts_demo

    rnd = random.Random(seed)
    with transaction.atomic():
        cast = accounts_demo.seed()
    routes = _routes(cast)
    with transaction.atomic():
        _windows(routes, cast)
    ct = ContentType.objects.get_for_model(Application)
    perms = (
        Permission.objects.get(content_type=ct, codename="view_application"),
        Permission.objects.get(content_type=ct, codename="review_application"),
    )
    scan_name = default_storage.save("applications/scale/scan.pdf", ContentFile(SCAN))
    authors = {org.pk: user.pk for key, org in cast["orgs"].items() if (user := cast["users"].get(key))}
    writer = _Writer(ct, perms, scan_name, authors)
    password = make_password(None)  # unusable: the generated applicants never log in
    route_weights = [0.45, 0.11, 0.30, 0.14]  # ~56 % reviewed by the region committee (guide 000)
    existing_people = User.objects.filter(username__startswith=SCALE_PREFIX).count()
    written = 0
    while written < n:
        size = min(BATCH, n - written)
        # Each generated person applies once a year (one qualification per year, the constraint).
        people = size // len(YEARS) + 1
        with transaction.atomic():
            users = User.objects.bulk_create(_applicants(people, existing_people, password))
            existing_people += people
            _write_batch(writer, users, size, routes, route_weights, rnd)
        written += size
        if stdout is not None:
            stdout.write(f"  {written}/{n}")
    return written


def _write_batch(writer, users, size, routes, route_weights, rnd):
    plans, apps = [], []
    for i in range(size):
        user = users[i // len(YEARS)]
        year = YEARS[i % len(YEARS)]
        route = rnd.choices(routes, route_weights)[0]
        item = route.items[year]
        state = _pick_state(rnd)
        if year == YEARS[-1] and state == ChainState.ACCEPTED and rnd.random() < 0.5:
            state = ChainState.IN_REVIEW  # the current year is still moving
        app = Application(
            applicant_id=user.pk,
            year=year,
            application_type="review",
            qualification_id=item.qualification_id,
            filing_item=item,
            committee=route.committee,
            base_unit=route.base_unit,
            phone=user.phone,
            unit_nature=route.base_unit.unit_nature or "region_direct",
            work_unit_dept="技术部",
            work_start_date=dt.date(2010, 8, 1),
            ethnicity="01",
            political_status="13",
            state=state,
        )
        plans.append((writer.plan(app, route, state, rnd), route))
        apps.append(app)
    created_at = [a.created_at for a in apps]
    Application.objects.bulk_create(apps)
    # auto_now_add overwrote created_at; put back the generated history.
    for app, ts in zip(apps, created_at, strict=True):
        app.created_at = ts
    Application.objects.bulk_update(apps, ["created_at"], batch_size=BATCH)
    Application.objects.filter(pk__in=[a.pk for a in apps], number__isnull=True).update(
        number=Concat(Value("RSSQ"), LPad(Cast("id", CharField()), 8, Value("0")))
    )
    steps, grants, opinions, messages, entries, files, recs, reaches = [], [], [], [], [], [], [], []
    view, review = writer.perms
    for (app, app_steps, app_grants, app_opinions, app_messages, extra), route in plans:
        for s in app_steps:
            s.object_id = app.pk
        steps.extend(app_steps)
        for org_pk, org in app_grants.items():
            reaches.append(Reach(application=app, organisation=org, state=app.state))
            grants.append(
                GroupObjectPermission(
                    group_id=org.group_id, permission=view, content_type=writer.ct, object_pk=str(app.pk)
                )
            )
            if extra.get("holder") == org_pk:
                grants.append(
                    GroupObjectPermission(
                        group_id=org.group_id,
                        permission=review,
                        content_type=writer.ct,
                        object_pk=str(app.pk),
                    )
                )
        for o in app_opinions:
            o.application_id = app.pk
        opinions.extend(app_opinions)
        for title, body, at in app_messages:
            messages.append(
                Message(
                    user_id=app.applicant_id,
                    title=title,
                    body=body,
                    url=f"/applications/{app.pk}/",
                    created_at=at,
                )
            )
        entries.extend(SectionEntry(application_id=app.pk, kind=k, data=ROWS[k]) for k in REQUIRED_KINDS)
        files.extend(
            SectionAttachment(
                application_id=app.pk,
                kind=k,
                file=writer.scan_name,
                original_name="毕业证书.pdf",
                content_type="application/pdf",
                size=len(SCAN),
            )
            for k in ATTACHMENT_KINDS
        )
        if extra.get("recommend"):
            recs.append(
                Recommendation(
                    application_id=app.pk,
                    leader="郑海",
                    phone="0991-0000108",
                    mobile="13800000001",
                    email="unit@example.cn",
                    text="该同志已达到申报资格条件，工作业绩突出，同意推荐申报。",
                    organisation=route.base_unit,
                    written_by_id=writer.authors.get(route.base_unit.pk) or app.applicant_id,
                )
            )
    ChainStep.objects.bulk_create(steps, batch_size=BATCH)
    GroupObjectPermission.objects.bulk_create(grants, batch_size=BATCH)
    Opinion.objects.bulk_create(opinions, batch_size=BATCH)
    created = Message.objects.bulk_create(messages, batch_size=BATCH)
    for m, (_t, _b, at) in zip(created, [x for (p, _r) in plans for x in p[4]], strict=True):
        m.created_at = at
    Message.objects.bulk_update(created, ["created_at"], batch_size=BATCH)
    SectionEntry.objects.bulk_create(entries, batch_size=BATCH)
    SectionAttachment.objects.bulk_create(files, batch_size=BATCH)
    Recommendation.objects.bulk_create(recs, batch_size=BATCH)
    Reach.objects.bulk_create(reaches, batch_size=BATCH)
    # current_step points at a row that exists only now.
    current = []
    for (app, _s, _g, _o, _m, extra), _route in plans:
        if "current" in extra:
            app.current_step_id = extra["current"].pk
            current.append(app)
    Application.objects.bulk_update(current, ["current_step"], batch_size=BATCH)

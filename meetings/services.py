"""评审会议 rules, part 1: the meeting, its candidates, the 评审会议备案, the draw and attendance.
Ballots, 回避 during the meeting and results are in voting.py."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition

from applications.models import Application
from experts.services import active_experts, conflicts_between
from filings import services as filing_services
from filings.models import Filing, Specialty
from zhicheng import audit
from zhicheng.errors import PlatformError
from zhicheng.workflow import ChainConflict, ChainState

from . import draw
from .constants import ChairRole, Choice, MeetingState, MemberRole, WithdrawalKind, quorum_met
from .constants import needed_for_quorum as _needed
from .models import SEATED, Candidate, Meeting, Member, Quota, VoteCount, Withdrawal


class MeetingError(PlatformError):
    """A refused change; the message is shown to the user as is."""


def _lock(meeting, *states):
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if states and locked.state not in states:
        raise ChainConflict()
    return locked


def _log(meeting, verb, by, **kwargs):
    """Committee staff act for their committee; every change of a meeting is logged against it."""
    audit.log(f"meetings.meeting.{verb}", meeting, by=by, org=meeting.committee, **kwargs)


def _save(meeting, fields):
    try:
        meeting.save(update_fields=fields)
    except ConcurrentTransition as exc:
        raise ChainConflict() from exc


def eligible_applications(committee, filing):
    """Applications that passed 形式审核 in the filing's qualifications and are on no other meeting."""
    return (
        Application.objects.filter(committee=committee, filing_item__filing=filing, state=ChainState.ACCEPTED)
        .exclude(meeting_candidacies__isnull=False)
        .select_related("applicant", "qualification__specialty", "base_unit")
    )


def accepted_filings(committee):
    return Filing.objects.filter(committee=committee, kind=Filing.Kind.PRE_REVIEW, state=ChainState.ACCEPTED)


@transaction.atomic
def create_meeting(committee, *, by, filing, title, meeting_date, location=""):
    """A meeting for an accepted 事前备案; every eligible application is a candidate by default."""
    if filing.committee_id != committee.pk or not accepted_filings(committee).filter(pk=filing.pk).exists():
        raise MeetingError(_("只能为本评审委员会已接收材料的事前备案召开评审会议。"))
    meeting = Meeting.objects.create(
        committee=committee,
        filing=filing,
        title=title,
        meeting_date=meeting_date,
        location=location,
        created_by=by,
    )
    apps = list(eligible_applications(committee, filing))
    Candidate.objects.bulk_create(Candidate(meeting=meeting, application=a) for a in apps)
    for specialty_id in sorted({a.qualification.specialty_id for a in apps}):
        Quota.objects.create(meeting=meeting, specialty_id=specialty_id, members=0)
    _log(
        meeting,
        "created",
        by,
        data={"filing": filing.pk, "meeting_date": meeting_date, "candidates": [a.pk for a in apps]},
    )
    return meeting


def _require_preparing(meeting):
    locked = _lock(meeting, MeetingState.DRAFT)
    if locked.record_id and locked.record.state in (ChainState.IN_REVIEW, ChainState.ACCEPTED):
        raise MeetingError(_("评审会议备案已提交，评审对象和抽取人数不能再修改。"))
    if locked.seed_hash:
        raise MeetingError(_("已公布随机种子摘要，评审对象和抽取人数不能再修改。"))
    return locked


@transaction.atomic
def set_candidates(meeting, *, by, application_ids):
    locked = _require_preparing(meeting)
    wanted = {int(i) for i in application_ids}
    if not wanted:
        raise MeetingError(_("请至少选择一位评审对象。"))
    current = set(locked.candidates.values_list("application_id", flat=True))
    allowed = (
        set(eligible_applications(locked.committee, locked.filing).values_list("pk", flat=True)) | current
    )
    if wanted - allowed:
        raise MeetingError(_("所选申请书不在本次会议可评审范围内。"))
    locked.candidates.exclude(application_id__in=wanted).delete()
    Candidate.objects.bulk_create(
        Candidate(meeting=locked, application_id=i) for i in sorted(wanted - current)
    )
    _log(locked, "candidates_changed", by, changes={"applications": [sorted(current), sorted(wanted)]})
    return locked


@transaction.atomic
def set_quota(meeting, *, by, specialty_id, members, reserves):
    locked = _require_preparing(meeting)
    if members < 1:
        raise MeetingError(_("抽取人数至少为1。"))
    specialty = Specialty.objects.filter(pk=specialty_id).first()
    if specialty is None:
        raise MeetingError(_("专业不存在。"))
    Quota.objects.update_or_create(
        meeting=locked, specialty=specialty, defaults={"members": members, "reserves": reserves}
    )
    _log(
        locked, "quota_set", by, data={"specialty": specialty.code, "members": members, "reserves": reserves}
    )
    return locked


def summary_text(meeting):
    """The content of the 评审会议备案 (what the office accepts)."""
    lines = [
        _("会议名称：%s") % meeting.title,
        _("上会时间：%s") % meeting.meeting_date.isoformat(),
        _("会议地点：%s") % (meeting.location or "—"),
        _("评审对象（%d人）：") % meeting.candidates.count(),
    ]
    for c in meeting.candidates.select_related(
        "application__applicant", "application__qualification__specialty"
    ):
        app = c.application
        lines.append(f"  {app.number} {app.applicant.display_name} {app.qualification.specialty.name}")
    lines.append(_("专家抽取："))
    for q in meeting.quotas.select_related("specialty"):
        lines.append(
            _("  %(s)s：抽取%(m)d人，备选%(r)d人") % {"s": q.specialty, "m": q.members, "r": q.reserves}
        )
    return "\n".join(lines)


@transaction.atomic
def file_meeting(meeting, *, by):
    """评审会议备案: committee → 职称办公室 → 已接收材料, on the filings chain."""
    locked = _lock(meeting, MeetingState.DRAFT, MeetingState.DRAWN)
    if not locked.candidates.exists():
        raise MeetingError(_("请先选择评审对象。"))
    if not locked.quotas.filter(members__gt=0).exists() or locked.quotas.filter(members=0).exists():
        raise MeetingError(_("请为每个专业设置抽取人数。"))
    # a refusal of the filings service (a FilingError, a PlatformError) reaches the view as it is
    if locked.record_id is None:
        record = filing_services.file_meeting(
            locked.filing, by=by, title=_("%s 评审会议备案") % locked.title, summary=summary_text(locked)
        )
        Meeting.objects.filter(pk=locked.pk).update(record=record)
        locked.record = record
    else:
        filing_services.refile_meeting(locked.record, by=by, summary=summary_text(locked))
    _log(locked, "filed", by, data={"record": locked.record_id})
    return locked


# ---- the draw -------------------------------------------------------------------------------------
@transaction.atomic
def prepare_draw(meeting, *, by):
    """Choose the seed and publish its SHA-256 (the seed itself stays hidden until the draw)."""
    locked = _lock(meeting, MeetingState.DRAFT)
    if not locked.candidates.exists() or not locked.quotas.filter(members__gt=0).exists():
        raise MeetingError(_("请先选择评审对象并设置抽取人数。"))
    if locked.quotas.filter(members=0).exists():
        raise MeetingError(_("请为每个专业设置抽取人数。"))
    if not locked.seed_hash:
        locked.seed = draw.new_seed()
        locked.seed_hash = draw.seed_hash(locked.seed)
        locked.seed_hash_at = timezone.now()
        _save(locked, ["seed", "seed_hash", "seed_hash_at"])
        _log(locked, "seed_hash_published", by, data={"seed_hash": locked.seed_hash})
    return locked


def _candidate_rows(meeting):
    return list(meeting.candidates.select_related("application__applicant", "application__base_unit"))


def eligible_groups(meeting, candidates):
    """Per specialty: the committee's serving experts without a conflict; the conflicts found.
    Returns (eligible as published, [(expert, candidate, reason)])."""
    experts = list(active_experts(meeting.committee, on=meeting.meeting_date).order_by("code"))
    excluded, conflicted = [], set()
    for expert in experts:
        for c in candidates:
            for conflict in conflicts_between(
                expert, c.application.applicant, c.application.base_unit, on=meeting.meeting_date
            ):
                excluded.append((expert, c, conflict.reason))
                conflicted.add(expert.pk)
    groups = []
    for quota in meeting.quotas.select_related("specialty").order_by("specialty__code"):
        codes = sorted(
            e.code
            for e in experts
            if e.pk not in conflicted and any(s.pk == quota.specialty_id for s in e.specialties.all())
        )
        groups.append(
            {
                "specialty": quota.specialty.code,
                "members": quota.members,
                "reserves": quota.reserves,
                "experts": codes,
            }
        )
    return groups, excluded


@transaction.atomic
def run_draw(meeting, *, by):
    """Draw members and reserves at random from the eligible experts, record every exclusion with
    its reason, reveal the seed."""
    locked = _lock(meeting, MeetingState.DRAFT)
    if not locked.seed_hash:
        raise MeetingError(_("请先公布随机种子摘要。"))
    candidates = _candidate_rows(locked)
    groups, excluded = eligible_groups(locked, candidates)
    result = draw.run(locked.seed, groups)
    for group, picked in zip(groups, result, strict=True):
        if len(picked["members"]) < group["members"]:
            spec = Specialty.objects.get(code=group["specialty"])
            raise MeetingError(
                _("%(s)s可抽取专家（已排除回避）只有%(n)d人，少于抽取人数%(m)d人。")
                % {"s": spec, "n": len(picked["members"]), "m": group["members"]}
            )
    Withdrawal.objects.bulk_create(
        Withdrawal(meeting=locked, expert=e, candidate=c, kind=WithdrawalKind.DRAW, reason=r, recorded_by=by)
        for e, c, r in excluded
    )
    by_code = {e.code: e for e in active_experts(locked.committee, on=locked.meeting_date)}
    specialties = {s.code: s for s in Specialty.objects.filter(code__in=[g["specialty"] for g in groups])}
    rows = []
    for picked in result:
        for role, codes in ((MemberRole.MEMBER, picked["members"]), (MemberRole.RESERVE, picked["reserves"])):
            rows.extend(
                Member(
                    meeting=locked,
                    expert=by_code[code],
                    specialty=specialties[picked["specialty"]],
                    role=role,
                    rank=i,
                )
                for i, code in enumerate(codes, start=1)
            )
    Member.objects.bulk_create(rows)
    locked.eligible = groups
    locked.drawn_at = timezone.now()
    locked._t_draw()
    _save(locked, ["eligible", "drawn_at", "state"])
    _log(
        locked,
        "drawn",
        by,
        data={
            "seed": locked.seed,
            "seed_hash": locked.seed_hash,
            "eligible": groups,
            "result": result,
            "excluded": [[e.code, c.application_id, r] for e, c, r in excluded],
        },
    )
    return locked


def stored_result(meeting):
    """The draw as recorded in Member rows, in the shape draw.run() returns."""
    out = []
    for group in meeting.eligible:
        rows = (
            meeting.members.filter(specialty__code=group["specialty"])
            .select_related("expert")
            .order_by("rank")
        )
        out.append(
            {
                "specialty": group["specialty"],
                "members": [m.expert.code for m in rows if m.role == MemberRole.MEMBER],
                "reserves": [m.expert.code for m in rows if m.role == MemberRole.RESERVE],
            }
        )
    return out


# ---- attendance, quorum, opening ------------------------------------------------------------------
def quorum(meeting):
    total = meeting.members.filter(role=MemberRole.MEMBER).count()
    present = meeting.members.filter(SEATED, present=True).count()
    return {
        "members": total,
        "present": present,
        "met": quorum_met(present, total),
        "needed": _needed(present, total),
    }


@transaction.atomic
def record_attendance(meeting, *, by, present_ids, chair_id=None, vice_id=None):
    """签到: who of the drawn members is present, who chairs (主任委员 or 副主任委员)."""
    locked = _lock(meeting, MeetingState.DRAWN)
    members = locked.members.filter(role=MemberRole.MEMBER)
    ids = {int(i) for i in present_ids}
    if ids - set(members.values_list("pk", flat=True)):
        raise MeetingError(_("出席专家不在本次会议抽取名单中。"))
    if members.filter(pk__in=ids, replaced_by__isnull=False).exists():
        raise MeetingError(_("该专家的席位已由备选专家递补。"))
    for role, pk in ((ChairRole.CHAIR, chair_id), (ChairRole.VICE, vice_id)):
        if pk and int(pk) not in ids:
            raise MeetingError(_("%s须为出席专家。") % role.label)
    if chair_id and vice_id and int(chair_id) == int(vice_id):
        raise MeetingError(_("主任委员和副主任委员不能为同一人。"))
    members.update(present=False, chair_role="")
    members.filter(pk__in=ids).update(present=True)
    if chair_id:
        members.filter(pk=chair_id).update(chair_role=ChairRole.CHAIR)
    if vice_id:
        members.filter(pk=vice_id).update(chair_role=ChairRole.VICE)
    _log(
        locked,
        "attendance_recorded",
        by,
        data={"present": sorted(ids), "chair": chair_id and int(chair_id), "vice": vice_id and int(vice_id)},
    )
    return locked


@transaction.atomic
def call_reserve(meeting, *, by, member_id):
    """递补: the first reserve of the same specialty takes an absent member's seat."""
    locked = _lock(meeting, MeetingState.DRAWN)
    member = locked.members.filter(pk=member_id, role=MemberRole.MEMBER).first()
    if member is None or member.present or hasattr(member, "replaced_by"):
        raise MeetingError(_("只能为缺席且尚未递补的评审专家递补。"))
    reserve = (
        locked.members.filter(role=MemberRole.RESERVE, specialty=member.specialty, replaces__isnull=True)
        .order_by("rank")
        .first()
    )
    if reserve is None:
        raise MeetingError(_("该专业没有可递补的备选专家。"))
    reserve.replaces = member
    reserve.present = True
    reserve.save(update_fields=["replaces", "present"])
    _log(locked, "reserve_called", by, data={"absent": member.expert.code, "reserve": reserve.expert.code})
    return reserve


@transaction.atomic
def open_meeting(meeting, *, by):
    locked = _lock(meeting, MeetingState.DRAWN)
    if locked.record_id is None or locked.record.state != ChainState.ACCEPTED:
        raise MeetingError(_("评审会议备案尚未被职称办公室接收，会议不能开始。"))
    q = quorum(locked)
    if not q["met"]:
        raise MeetingError(
            _("出席专家%(p)d人，未达到应出席%(m)d人的三分之二，还需%(n)d人出席会议才能开始。")
            % {"p": q["present"], "m": q["members"], "n": q["needed"]}
        )
    if not locked.members.filter(present=True, chair_role__in=[ChairRole.CHAIR, ChairRole.VICE]).exists():
        raise MeetingError(_("会议须由出席的主任委员或副主任委员主持，请在签到时指定。"))
    VoteCount.objects.bulk_create(
        VoteCount(candidate=c, choice=choice) for c in locked.candidates.all() for choice in Choice.values
    )
    locked.opened_at = timezone.now()
    locked._t_open()
    _save(locked, ["opened_at", "state"])
    _log(locked, "opened", by, data={"present": q["present"], "members": q["members"]})
    return locked

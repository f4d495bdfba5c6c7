"""Filing services: the 事前备案 wizard's rules, its review by the title offices, and the
application windows that accepted filings open.

The windows (Window, open_windows, upcoming_windows, window_for) live in filings.windows and
are re-exported here for the applications app.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.constants import OrgKind
from accounts.models import Membership
from zhicheng import audit, files, workflow
from zhicheng.workflow import ChainState

from .errors import FilingError  # noqa: E402,F401
from .models import (
    Filing,
    FilingAttachment,
    FilingQualification,
    SerialCounter,
)
from .windows import Window, open_windows, upcoming_windows, window_for  # noqa: E402,F401  (re-export)

WIZARD_STEPS = [
    (1, _("填写基本信息")),
    (2, _("选择专业资格")),
    (3, _("设置计划时间")),
    (4, _("工作通知")),
    (5, _("本单位用户")),
    (6, _("上传附件")),
    (7, _("备案确认提交")),
]
LAST_STEP = 7

from .catalogue import (  # noqa: E402,F401  (re-export: views and tests call services.*)
    committees_in_area,
    qualification_tree,
    reviewable_qualifications,
    set_reviewable,
)
from .members import committee_users, confirm_user_info, disable_member, stale_members  # noqa: E402,F401
from .notice import notice_has_text, sanitise_notice  # noqa: E402,F401

# ---- the wizard ----------------------------------------------------------------------------------
BASIC_FIELDS = [
    "title",
    "type",
    "location",
    "leader_name",
    "leader_phone",
    "contact_user",
    "contact_name",
    "contact_phone",
    "contact_mobile",
]


def _lock_editable(filing):
    locked = Filing.objects.select_for_update().get(pk=filing.pk)
    if not locked.is_editable:
        raise FilingError(_("备案已提交，无法修改；如需修改请等待职称办公室退回。"))
    return locked


def _log(filing, verb, by, **kwargs):
    """The committee edits its own filing: every wizard change is logged against the filing."""
    audit.log(f"filings.filing.{verb}", filing, by=by, org=filing.committee, **kwargs)


@transaction.atomic
def create_filing(committee, *, by, data):
    """Step 1 saved for the first time: 工作年度 and 备案级别 are fixed from now on."""
    if committee.kind != OrgKind.COMMITTEE:
        raise FilingError(_("只有评审委员会可以新增评审工作事前备案。"))
    fields = {k: data[k] for k in BASIC_FIELDS if k in data}
    filing = Filing.objects.create(
        committee=committee,
        created_by=by,
        work_year=data["work_year"],
        level=data["level"],
        wizard_step=1,
        **fields,
    )
    audit.log(
        "filings.filing.created",
        filing,
        by=by,
        org=committee,
        data={"work_year": filing.work_year, "level": filing.level},
    )
    return filing


@transaction.atomic
def update_basic(filing, *, by, data):
    """Step 1 saved again: 工作年度 and 备案级别 stay as first saved (保存后无法修改)."""
    locked = _lock_editable(filing)
    before = audit.snapshot(locked, BASIC_FIELDS)
    for k in BASIC_FIELDS:
        if k in data:
            setattr(locked, k, data[k])
    locked.wizard_step = max(locked.wizard_step, 1)
    locked.save()
    _log(locked, "basic_changed", by, changes=audit.diff(before, audit.snapshot(locked, BASIC_FIELDS)))
    return locked


@transaction.atomic
def add_qualifications(filing, qualification_ids, *, by):
    locked = _lock_editable(filing)
    if not qualification_ids:
        raise FilingError(_("请勾选要添加的备选资格。"))
    allowed = reviewable_qualifications(locked.committee, locked.level).filter(pk__in=qualification_ids)
    allowed_ids = set(allowed.values_list("pk", flat=True))
    if allowed_ids != {int(i) for i in qualification_ids}:
        raise FilingError(_("所选资格不在本评审委员会的可评审范围或本备案级别内。"))
    existing = set(locked.items.values_list("qualification_id", flat=True))
    FilingQualification.objects.bulk_create(
        [FilingQualification(filing=locked, qualification_id=pk) for pk in sorted(allowed_ids - existing)]
    )
    _log(locked, "qualifications_added", by, data={"qualifications": sorted(allowed_ids - existing)})
    return len(allowed_ids - existing)


@transaction.atomic
def remove_qualifications(filing, qualification_ids, *, by):
    locked = _lock_editable(filing)
    if not qualification_ids:
        raise FilingError(_("请勾选要删除的已选择资格。"))
    gone = sorted(
        locked.items.filter(qualification_id__in=qualification_ids).values_list("qualification_id", flat=True)
    )
    deleted, _detail = locked.items.filter(qualification_id__in=qualification_ids).delete()
    _log(locked, "qualifications_removed", by, data={"qualifications": gone})
    return deleted


def check_plan_order(start, end, meeting, approval):
    """申报开始时间 ≤ 申报截止时间 < 上会时间 ≤ 批文时间; returns {field: message}."""
    errors = {}
    if start and end and start > end:
        errors["apply_end"] = _("申报截止时间不能早于申报开始时间。")
    if end and meeting and not end < meeting:
        errors["meeting_date"] = _("上会时间应晚于申报截止时间。")
    if meeting and approval and approval < meeting:
        errors["approval_date"] = _("批文时间不能早于上会时间。")
    return errors


@transaction.atomic
def set_plan_times(filing, *, by, start, end, meeting, approval, item_ids=None):
    """设置时间 for some rows, or 批量设置所有资格计划时间 when item_ids is None."""
    locked = _lock_editable(filing)
    if not all([start, end, meeting, approval]):
        raise FilingError(_("请填写申报开始时间、申报截止时间、上会时间和批文时间。"))
    problems = check_plan_order(start, end, meeting, approval)
    if problems:
        raise FilingError(" ".join(str(m) for m in problems.values()))
    items = locked.items.all()
    if item_ids is not None:
        items = items.filter(pk__in=item_ids)
    times = ["apply_start", "apply_end", "meeting_date", "approval_date"]
    old = {str(i.qualification_id): audit.snapshot(i, times) for i in items}
    count = items.update(apply_start=start, apply_end=end, meeting_date=meeting, approval_date=approval)
    if not count:
        raise FilingError(_("没有可设置时间的资格。"))
    new = audit.snapshot(
        FilingQualification(apply_start=start, apply_end=end, meeting_date=meeting, approval_date=approval),
        times,
    )
    _log(
        locked,
        "times_changed",
        by,
        data={"qualifications": {q: audit.diff(before, new) for q, before in old.items()}},
    )
    return count


@transaction.atomic
def save_notice(filing, *, by, title, html):
    """工作通知: the HTML is sanitised here, and shown back exactly as stored."""
    locked = _lock_editable(filing)
    before = audit.snapshot(locked, ["notice_title", "notice_html"])
    locked.notice_title = (title or "").strip()
    locked.notice_html = sanitise_notice(html)
    locked.save(update_fields=["notice_title", "notice_html", "updated_at"])
    changes = audit.diff(before, audit.snapshot(locked, ["notice_title", "notice_html"]))
    _log(locked, "notice_changed", by, changes=changes)
    return locked


@transaction.atomic
def add_attachment(filing, *, by, kind, upload):
    """上传附件: PDF only (checked by content), ≤ 8 MB; a new file replaces that kind's old one."""
    locked = _lock_editable(filing)
    if kind not in FilingAttachment.Kind.values:
        raise FilingError(_("请选择附件类型。"))
    try:
        detected = files.check(upload, use="filing_attachment")
    except ValidationError as exc:
        raise FilingError(exc.messages[0]) from None
    old = list(locked.attachments.filter(kind=kind))
    attachment = FilingAttachment(filing=locked, kind=kind, size=upload.size)
    attachment.original_name = files.store(attachment, "file", upload, detected)
    attachment.save()
    for a in old:
        _delete_attachment_row(a)
    _log(
        locked,
        "attachment_added",
        by,
        data={"kind": kind, "file": attachment.original_name, "replaced": len(old)},
    )
    return attachment


def _delete_attachment_row(attachment):
    name, storage = attachment.file.name, attachment.file.storage
    attachment.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def delete_attachment(attachment, *, by):
    locked = _lock_editable(attachment.filing)
    _delete_attachment_row(attachment)
    _log(locked, "attachment_deleted", by, data={"kind": attachment.kind, "file": attachment.original_name})


def step_problems(filing, step, *, now=None):
    """What keeps a step from being complete (empty list: 下一步 may proceed)."""
    problems = []
    if step == 1:
        missing = [
            str(Filing._meta.get_field(f).verbose_name)
            for f in [
                "title",
                "location",
                "leader_name",
                "leader_phone",
                "contact_name",
                "contact_phone",
                "contact_mobile",
            ]
            if not getattr(filing, f)
        ]
        if missing:
            problems.append(_("请填写基本信息：%s。") % "、".join(missing))
    elif step == 2:
        if not filing.items.exists():
            problems.append(_("请至少选择一个资格。"))
    elif step == 3:
        items = filing.items.select_related("qualification__specialty__series")
        for item in items:
            if not item.has_times:
                problems.append(_("【%s】尚未设置计划时间。") % item.qualification)
            elif check_plan_order(item.apply_start, item.apply_end, item.meeting_date, item.approval_date):
                problems.append(_("【%s】的计划时间顺序不正确。") % item.qualification)
        if not items:
            problems.append(_("请先选择专业资格。"))
    elif step == 4:
        if not filing.notice_title.strip():
            problems.append(_("请填写通知标题。"))
        if not notice_has_text(filing.notice_html):
            problems.append(_("请填写通知内容。"))
    elif step == 5:
        for m in stale_members(filing.committee, now=now):
            problems.append(
                _("用户【%(name)s】最近编辑时间已超过一年，请确认信息无误或禁用该用户。")
                % {"name": m.user.display_name}
            )
    elif step == 6:
        kinds = set(filing.attachments.values_list("kind", flat=True))
        for kind in FilingAttachment.REQUIRED:
            if kind not in kinds:
                problems.append(_("请上传%s。") % FilingAttachment.Kind(kind).label)
    return problems


@transaction.atomic
def complete_step(filing, step, *, by):
    """下一步: the step is checked and remembered, so a draft resumes where it was left."""
    locked = _lock_editable(filing)
    problems = step_problems(locked, step)
    if problems:
        raise FilingError(" ".join(str(p) for p in problems))
    if locked.wizard_step < step:
        locked.wizard_step = step
        locked.save(update_fields=["wizard_step", "updated_at"])
        _log(locked, "step_completed", by, changes={"wizard_step": [step - 1, step]})
    return locked


@transaction.atomic
def _next_serial():
    counter, _created = SerialCounter.objects.get_or_create(key="filing")
    counter = SerialCounter.objects.select_for_update().get(pk=counter.pk)
    counter.value += 1
    counter.save(update_fields=["value"])
    return f"{counter.value:06d}"


def _notify_members(org, title, body, url):
    from accounts.services import notify

    for m in Membership.objects.filter(organisation=org, is_active=True).select_related("user"):
        notify(m.user, title, body, url)


@transaction.atomic
def submit_filing(filing, *, by):
    """【确认无误我要提交】: every step must be complete; the 流水号 is given on the first submission."""
    locked = _lock_editable(filing)
    problems = []
    for step in range(1, LAST_STEP):
        problems.extend(step_problems(locked, step))
    if problems:
        raise FilingError(" ".join(str(p) for p in problems))
    if not locked.serial_no:
        locked.serial_no = _next_serial()
    locked.wizard_step = LAST_STEP
    locked.save(update_fields=["serial_no", "wizard_step", "updated_at"])
    submitted = workflow.submit(locked, by=by)
    from django.urls import reverse

    _notify_members(
        submitted.current_org,
        _("待办理：评审工作事前备案"),
        _("%(committee)s提交了备案《%(title)s》(流水号：%(serial)s)。")
        % {"committee": locked.committee.name, "title": locked.title, "serial": locked.serial_no},
        reverse("filings:review", args=[locked.pk]),
    )
    return submitted


@transaction.atomic
def file_meeting(parent, *, by, title, summary):
    """评审会议备案: a MEETING filing for an accepted 事前备案, submitted to the same office at once.
    Called by meetings.services.file_meeting, which writes the summary of its meeting."""
    if parent.kind != Filing.Kind.PRE_REVIEW or parent.state != ChainState.ACCEPTED:
        raise FilingError(_("只有已接收材料的事前备案才能办理评审会议备案。"))
    filing = Filing.objects.create(
        committee=parent.committee,
        created_by=by,
        kind=Filing.Kind.MEETING,
        parent=parent,
        title=title,
        type=parent.type,
        work_year=parent.work_year,
        level=parent.level,
        location=parent.location,
        leader_name=parent.leader_name,
        leader_phone=parent.leader_phone,
        summary=summary,
        serial_no=_next_serial(),
        wizard_step=LAST_STEP,
    )
    _log(filing, "created", by, data={"kind": Filing.Kind.MEETING, "parent": parent.pk, "summary": summary})
    submitted = workflow.submit(filing, by=by)
    from django.urls import reverse

    _notify_members(
        submitted.current_org,
        _("待办理：评审会议备案"),
        _("%(committee)s提交了评审会议备案《%(title)s》(流水号：%(serial)s)。")
        % {"committee": filing.committee.name, "title": filing.title, "serial": filing.serial_no},
        reverse("filings:review", args=[filing.pk]),
    )
    return submitted


@transaction.atomic
def refile_meeting(filing, *, by, summary):
    """A returned 评审会议备案 goes back to the office with its meeting's current summary."""
    locked = Filing.objects.select_for_update().get(pk=filing.pk)
    if locked.kind != Filing.Kind.MEETING or locked.state != ChainState.RETURNED:
        raise FilingError(_("该评审会议备案不在退回状态，无需重新提交。"))
    before = audit.snapshot(locked, ["summary"])
    locked.summary = summary
    locked.save(update_fields=["summary", "updated_at"])
    _log(locked, "summary_changed", by, changes=audit.diff(before, audit.snapshot(locked, ["summary"])))
    return workflow.submit(locked, by=by)


@transaction.atomic
def return_filing(filing, *, by, expected_step_id, opinion):
    """退回 with 办理意见: the committee sees the opinion in the wizard, edits and resubmits."""
    if not (opinion or "").strip():
        raise FilingError(_("请填写办理意见。"))
    returned = workflow.send_back(filing, by=by, expected_step_id=expected_step_id, opinion=opinion)

    _notify_members(
        returned.committee,
        _("备案已退回：%s") % returned.title,
        _("办理意见：%s") % opinion.strip(),
        _returned_url(returned),
    )
    return returned


ACCEPTED_NOTICE = {
    Filing.Kind.PRE_REVIEW: _("职称办公室已接收材料，所备案资格将在计划的申报时间内开放申报。"),
    Filing.Kind.MEETING: _("职称办公室已接收材料，评审会议可以召开。"),
    Filing.Kind.LOST_REISSUE: _("职称办公室已接收材料，所列证书已补发新证书（新证书编号见备案详情）。"),
}


def _returned_url(filing):
    """Where the committee corrects a returned filing of each kind."""
    from django.urls import reverse

    if filing.kind == Filing.Kind.MEETING:
        return reverse("filings:detail", args=[filing.pk])
    if filing.kind == Filing.Kind.LOST_REISSUE:
        return reverse("filings:lost-edit", args=[filing.pk])
    return reverse("filings:step", args=[filing.pk, 1])


@transaction.atomic
def accept_filing(filing, *, by, expected_step_id):
    """接收: 已接收材料; the filing's qualifications open for applications in their windows.
    Refused while a window overlaps another accepted filing of the committee (plan_times)."""
    from .plan_times import overlap_error, overlaps

    found = overlaps(filing)
    if found:
        raise FilingError(overlap_error(found))
    accepted = workflow.accept(filing, by=by, expected_step_id=expected_step_id)
    from django.urls import reverse

    _notify_members(
        accepted.committee,
        _("备案已接收：%s") % accepted.title,
        ACCEPTED_NOTICE.get(accepted.kind, ACCEPTED_NOTICE[Filing.Kind.PRE_REVIEW]),
        reverse("filings:detail", args=[accepted.pk]),
    )
    return accepted


@transaction.atomic
def delete_filing(filing, *, by):
    """删除: a draft that was never submitted. A submitted one is history (its flow steps and
    操作记录 are kept for good); it can only be returned and corrected."""
    locked = _lock_editable(filing)
    if locked.chain_round or locked.serial_no:
        raise FilingError(_("已提交过的备案不能删除。"))
    _log(locked, "deleted", by, data={"title": locked.title, "work_year": locked.work_year})
    for attachment in locked.attachments.all():
        _delete_attachment_row(attachment)
    locked.delete()


from .reading import latest_return  # noqa: E402,F401  (re-export for the views)

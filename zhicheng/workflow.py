"""The review-chain machinery shared by every chain on the platform.

Four things travel up a chain of organisations and can be sent back: unit registrations
(accounts), committee filings (filings), applications (applications) and backfill forms
(backfill). Each of those models inherits `ReviewChainModel` and declares its chain with
`build_chain()`; every transition goes through the service functions at the bottom of this
module (`submit`, `forward`, `accept`, `send_back`), which lock the row, check that
the caller holds the current step, move the django-fsm state, write the `ChainStep` rows the
flow log is read from, and grant the holding organisation's group its guardian permissions.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.db.models import Max
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import RETURN_VALUE, ConcurrentTransition, ConcurrentTransitionMixin, FSMField, transition

from . import audit
from .errors import PlatformError

CONFLICT_MESSAGE = gettext_lazy("该记录已被他人处理，请刷新后重试")

# Sent after every transition (inside the transaction; receivers that have side effects
# must use transaction.on_commit). Arguments: sender=model class, instance, action, step, by.
chain_transitioned = Signal()


class WorkflowError(PlatformError):
    """A refused transition; the message is shown to the user as is."""


class ChainConflict(WorkflowError):
    """Somebody else acted on the object first (two reviewers pressing 上报 at once)."""

    def __init__(self, message=None):
        super().__init__(message or str(CONFLICT_MESSAGE))


class ChainState(models.TextChoices):
    DRAFT = "draft", gettext_lazy("草稿")
    IN_REVIEW = "in_review", gettext_lazy("审核中")
    RETURNED = "returned", gettext_lazy("已退回")
    ACCEPTED = "accepted", gettext_lazy("已通过")
    CLOSED = "closed", gettext_lazy("已关闭")


# The step rows, their history guard, prefetching and the 用时 format live in zhicheng.steps;
# re-exported here because every app imports them from the machinery.
from .permissions import grant_holder, revoke_review  # noqa: E402
from .steps import ChainStep, StepAction, format_duration, prefetch_steps  # noqa: E402,F401


@dataclass
class ChainNode:
    """A node of the chain diagram (流程步骤)."""

    label: str
    organisation: object = None
    done: bool = False
    current: bool = False
    contact: str = ""
    closed: bool = False  # the node where a closed object's chain ended (本年度不再受理)


class ReviewChainModel(ConcurrentTransitionMixin, models.Model):
    """Base of every object that travels a review chain.

    Subclasses declare:
      - build_chain(): ordered [(organisation, node_label)] computed at submission;
      - FIRST_NODE_LABEL / submitter_organisation(): the node that submits (申请人, 评审机构 …);
      - FINAL_NODE_LABEL: the terminal node (通过形式审核, 已接收材料 …);
      - RETURN_LIMIT (or get_return_limit()): None for unlimited; after the last allowed
        return the object is closed.
      - Meta.permissions with ("review_<model>", …).
    """

    State = ChainState
    # The audit trail's name for this object: `<AUDIT_NAME>.submitted|forwarded|accepted|returned|closed`
    # (default `<app_label>.<model_name>`).
    AUDIT_NAME = None
    CHAIN_NAME = gettext_lazy("流程")
    FIRST_NODE_LABEL = gettext_lazy("申请人")
    FINAL_NODE_LABEL = gettext_lazy("已通过")
    RETURN_LIMIT = None

    state = FSMField(
        gettext_lazy("状态"),
        default=ChainState.DRAFT,
        choices=ChainState.choices,
        protected=True,
        db_index=True,
    )
    current_org = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=gettext_lazy("当前办理单位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    current_step = models.ForeignKey(
        ChainStep, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    current_label = models.CharField(gettext_lazy("当前节点"), max_length=50, blank=True, editable=False)
    return_count = models.PositiveSmallIntegerField(gettext_lazy("退回次数"), default=0, editable=False)
    chain_round = models.PositiveIntegerField(default=0, editable=False)
    reopened_at = models.DateTimeField(null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(gettext_lazy("提交时间"), null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(gettext_lazy("办结时间"), null=True, blank=True, editable=False)

    steps = GenericRelation(ChainStep)

    class Meta:
        abstract = True

    # ---- declarations (override in subclasses) -------------------------------------------
    def build_chain(self):
        raise ImproperlyConfigured(f"{type(self).__name__} must declare build_chain()")

    def submitter_organisation(self):
        return None

    def get_return_limit(self):
        return self.RETURN_LIMIT

    def partial_chain(self):
        """What the diagram shows while build_chain() cannot answer yet (e.g. no 基层单位 chosen):
        [(organisation or None, label)]."""
        return []

    # ---- read helpers ------------------------------------------------------------------------
    @property
    def is_editable(self):
        """Submitted content is frozen: only a return reopens it."""
        return self.state in (ChainState.DRAFT, ChainState.RETURNED)

    @property
    def is_closed(self):
        return self.state == ChainState.CLOSED

    @property
    def returns_left(self):
        limit = self.get_return_limit()
        return None if limit is None else max(limit - self.return_count, 0)

    def status_label(self):
        if self.state == ChainState.IN_REVIEW and self.current_label:
            return self.current_label
        if self.state == ChainState.ACCEPTED:
            return str(self.FINAL_NODE_LABEL)
        if self.state in (ChainState.DRAFT, ChainState.RETURNED):
            return str(self.FIRST_NODE_LABEL)
        return self.get_state_display()

    def chain_owner_ids(self):
        """Whose own object this is: nobody acts on it at any node (issue 7 #7). The person who
        submitted the current round; models add their owner (Application: the applicant)."""
        return {
            s.handler_id for s in self._all_steps() if s.round == self.chain_round and s.position == 0
        } - {None}

    def held_by(self, user):
        """Is `user` an active member of the organisation holding the current step (and not
        the owner of the object)?"""
        if self.state != ChainState.IN_REVIEW or self.current_org_id is None or not user.is_authenticated:
            return False
        if user.pk in self.chain_owner_ids():
            return False
        return user.memberships.filter(
            organisation_id=self.current_org_id, is_active=True, organisation__is_active=True
        ).exists()

    def flow_steps(self):
        """Started steps, newest first, as the 流程日志 shows them."""
        return [s for s in self._all_steps() if s.started_at is not None][::-1]

    def _all_steps(self):
        if not hasattr(self, "_steps_cache"):
            self._steps_cache = list(
                ChainStep.objects.filter(
                    content_type=ContentType.objects.get_for_model(type(self)), object_id=self.pk
                )
                .select_related("organisation", "handler")
                .order_by("seq")
            )
        return self._steps_cache

    def chain_nodes(self):
        """The diagram of the latest round; before submission, the chain as it would be."""
        rows = [s for s in self._all_steps() if s.round == self.chain_round] if self.chain_round else []
        if rows and self.state == ChainState.CLOSED:
            from .chain_display import closed_chain_nodes

            return closed_chain_nodes(self, rows)
        if rows and self.state not in (ChainState.RETURNED,):
            return [
                ChainNode(
                    label=s.node_label,
                    organisation=s.organisation,
                    done=s.finished_at is not None or (s.is_terminal and s.started_at is not None),
                    current=s.is_current and not s.is_terminal,
                    contact=s.organisation.contact_text if s.organisation else "",
                )
                for s in rows
            ]
        first_org = self.submitter_organisation()
        nodes = [
            ChainNode(
                label=str(self.FIRST_NODE_LABEL),
                organisation=first_org,
                current=True,
                contact=first_org.contact_text if first_org else "",
            )
        ]
        try:
            planned = self.build_chain()
        except WorkflowError:
            planned = self.partial_chain()
        for org, label in planned:
            nodes.append(
                ChainNode(label=str(label), organisation=org, contact=org.contact_text if org else "")
            )
        nodes.append(ChainNode(label=str(self.FINAL_NODE_LABEL)))
        return nodes

    # ---- transitions: only database fields change here --------------------------------------
    @transition(field=state, source=[ChainState.DRAFT, ChainState.RETURNED], target=ChainState.IN_REVIEW)
    def _t_submit(self):
        pass

    @transition(field=state, source=ChainState.IN_REVIEW, target=ChainState.IN_REVIEW)
    def _t_forward(self):
        pass

    @transition(field=state, source=ChainState.IN_REVIEW, target=ChainState.ACCEPTED)
    def _t_accept(self):
        pass

    @transition(
        field=state,
        source=ChainState.IN_REVIEW,
        target=RETURN_VALUE(ChainState.RETURNED, ChainState.CLOSED),
    )
    def _t_return(self):
        self.return_count += 1
        limit = self.get_return_limit()
        return ChainState.CLOSED if limit is not None and self.return_count >= limit else ChainState.RETURNED


# ---- services ------------------------------------------------------------------------------------
def _ct(obj):
    return ContentType.objects.get_for_model(type(obj))


def _lock(obj, expected_step_id=None):
    """Lock the row; refuse if the step the caller saw is no longer the current one."""
    locked = type(obj).objects.select_for_update().get(pk=obj.pk)
    if expected_step_id is not None and locked.current_step_id != int(expected_step_id):
        raise ChainConflict()
    return locked


def _next_seq(obj):
    return (
        ChainStep.objects.filter(content_type=_ct(obj), object_id=obj.pk).aggregate(m=Max("seq"))["m"] or 0
    ) + 1


def _save(obj):
    try:
        obj.save()
    except ConcurrentTransition as exc:
        raise ChainConflict() from exc
    obj.__dict__.pop("_steps_cache", None)


def _log(obj, verb, *, by, org, step=None, opinion="", before=None):
    name = obj.AUDIT_NAME or f"{obj._meta.app_label}.{obj._meta.model_name}"
    data = {"state": [before, obj.state], "node": step.node_label if step is not None else ""}
    if opinion:
        data["opinion"] = opinion
    if obj.current_org_id:
        data["to"] = obj.current_org.name
    audit.log(f"{name}.{verb}", obj, by=by, org=org, data=data)


def hand_over_from_owner(obj, step):
    """A step that starts at an organisation where only the object's owner could act (a unit
    admin's own application at his one-admin unit) goes to the supervising unit instead."""
    from .chain_owners import substitute_organisation

    substitute_organisation(obj, step)


def _check_holder(obj, by):
    if obj.state != ChainState.IN_REVIEW:
        raise ChainConflict()
    if by.pk in obj.chain_owner_ids():
        raise WorkflowError(_("不能办理本人的事项：请由本单位其他人员办理。"))
    if not obj.held_by(by):
        raise WorkflowError(_("该记录当前不在您的单位办理，无法操作。"))


@transaction.atomic
def submit(obj, *, by, opinion=""):
    """Submit (上报) a draft or returned object: compute its chain and hand it to the first node."""
    obj = _lock(obj)
    if obj.state not in (ChainState.DRAFT, ChainState.RETURNED):
        raise ChainConflict(_("该记录已提交，无需重复提交。"))
    before = obj.state
    chain = list(obj.build_chain())
    if not chain:
        raise WorkflowError(_("无法确定审核流程：请检查所在单位及其主管单位设置。"))
    now = timezone.now()
    obj._t_submit()
    obj.chain_round += 1
    seq = _next_seq(obj)
    ct = _ct(obj)
    first_org = obj.submitter_organisation()
    started = obj.reopened_at or getattr(obj, "created_at", None) or now
    ChainStep.objects.create(
        content_type=ct,
        object_id=obj.pk,
        round=obj.chain_round,
        seq=seq,
        position=0,
        node_label=str(obj.FIRST_NODE_LABEL),
        organisation=first_org,
        handler=by,
        started_at=started,
        finished_at=now,
        action=StepAction.SUBMITTED,
        opinion=opinion,
    )
    rows = []
    for i, (org, label) in enumerate(chain, start=1):
        rows.append(
            ChainStep(
                content_type=ct,
                object_id=obj.pk,
                round=obj.chain_round,
                seq=seq + i,
                position=i,
                node_label=str(label),
                organisation=org,
                started_at=now if i == 1 else None,
            )
        )
    rows.append(
        ChainStep(
            content_type=ct,
            object_id=obj.pk,
            round=obj.chain_round,
            seq=seq + len(chain) + 1,
            position=len(chain) + 1,
            node_label=str(obj.FINAL_NODE_LABEL),
            is_terminal=True,
        )
    )
    ChainStep.objects.bulk_create(rows)
    current = ChainStep.objects.get(content_type=ct, object_id=obj.pk, seq=seq + 1)
    obj.__dict__.pop("_steps_cache", None)
    hand_over_from_owner(obj, current)
    obj.current_step = current
    obj.current_org = current.organisation
    obj.current_label = current.node_label
    obj.submitted_at = now
    _save(obj)
    grant_holder(obj, current.organisation)
    _log(obj, "submitted", by=by, org=first_org, step=current, opinion=opinion, before=before)
    chain_transitioned.send(sender=type(obj), instance=obj, action="submitted", step=current, by=by)
    return obj


def _finish_current(obj, by, action, opinion, now):
    step = obj.current_step
    step.handler = by
    step.finished_at = now
    step.action = action
    step.opinion = opinion
    step.save(update_fields=["handler", "finished_at", "action", "opinion"])
    revoke_review(obj, step.organisation)
    return step


@transaction.atomic
def forward(obj, *, by, expected_step_id, opinion=""):
    """上报: the holder passes the object to the next node (or accepts it at the last one)."""
    obj = _lock(obj, expected_step_id)
    _check_holder(obj, by)
    now = timezone.now()
    done = obj.current_step
    nxt = ChainStep.objects.filter(
        content_type=_ct(obj), object_id=obj.pk, round=obj.chain_round, position=done.position + 1
    ).first()
    if nxt is None or nxt.is_terminal:
        return _accept_locked(obj, by=by, opinion=opinion, now=now)
    obj._t_forward()
    _finish_current(obj, by, StepAction.FORWARDED, opinion, now)
    nxt.started_at = now
    nxt.save(update_fields=["started_at"])
    hand_over_from_owner(obj, nxt)
    obj.current_step = nxt
    obj.current_org = nxt.organisation
    obj.current_label = nxt.node_label
    _save(obj)
    grant_holder(obj, nxt.organisation)
    _log(
        obj,
        "forwarded",
        by=by,
        org=done.organisation,
        step=done,
        opinion=opinion,
        before=ChainState.IN_REVIEW,
    )
    chain_transitioned.send(sender=type(obj), instance=obj, action="forwarded", step=nxt, by=by)
    return obj


def _accept_locked(obj, *, by, opinion, now):
    obj._t_accept()
    done = _finish_current(obj, by, StepAction.ACCEPTED, opinion, now)
    terminal = ChainStep.objects.filter(
        content_type=_ct(obj), object_id=obj.pk, round=obj.chain_round, is_terminal=True
    ).first()
    if terminal is not None:
        terminal.started_at = now
        terminal.action = StepAction.REACHED
        terminal.save(update_fields=["started_at", "action"])
    obj.current_step = terminal
    obj.current_org = None
    obj.current_label = str(obj.FINAL_NODE_LABEL)
    obj.finished_at = now
    _save(obj)
    _log(
        obj, "accepted", by=by, org=done.organisation, step=done, opinion=opinion, before=ChainState.IN_REVIEW
    )
    chain_transitioned.send(sender=type(obj), instance=obj, action="accepted", step=terminal, by=by)
    return obj


@transaction.atomic
def accept(obj, *, by, expected_step_id, opinion=""):
    """接收 / 通过形式审核: only at the last node of the chain."""
    obj = _lock(obj, expected_step_id)
    _check_holder(obj, by)
    nxt = ChainStep.objects.filter(
        content_type=_ct(obj), object_id=obj.pk, round=obj.chain_round, position=obj.current_step.position + 1
    ).first()
    if nxt is not None and not nxt.is_terminal:
        raise WorkflowError(_("该节点不是最后一级审核，请使用【上报】。"))
    return _accept_locked(obj, by=by, opinion=opinion, now=timezone.now())


@transaction.atomic
def send_back(obj, *, by, expected_step_id, opinion):
    """回退: back to the submitter with a reason; the last allowed return closes the object."""
    if not (opinion or "").strip():
        raise WorkflowError(_("请填写回退原因。"))
    obj = _lock(obj, expected_step_id)
    _check_holder(obj, by)
    now = timezone.now()
    step = _finish_current(obj, by, StepAction.RETURNED, opinion.strip(), now)
    ChainStep.objects.filter(
        content_type=_ct(obj), object_id=obj.pk, round=obj.chain_round, started_at__isnull=True
    ).delete()
    obj._t_return()
    obj.current_step = None
    obj.current_org = None
    obj.current_label = ""
    obj.reopened_at = now
    if obj.state == ChainState.CLOSED:
        obj.finished_at = now
    _save(obj)
    action = "closed" if obj.state == ChainState.CLOSED else "returned"
    _log(
        obj,
        action,
        by=by,
        org=step.organisation,
        step=step,
        opinion=opinion.strip(),
        before=ChainState.IN_REVIEW,
    )
    chain_transitioned.send(sender=type(obj), instance=obj, action=action, step=step, by=by)
    return obj

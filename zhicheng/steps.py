"""ChainStep: one node of one round of a chain — the 流程日志 and its 用时 are read from these rows.
Started steps are history and are never deleted (a draft deleted after a return keeps them)."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class StepAction(models.TextChoices):
    PENDING = "", gettext_lazy("待办理")
    SUBMITTED = "submitted", gettext_lazy("上报")
    FORWARDED = "forwarded", gettext_lazy("上报")
    RETURNED = "returned", gettext_lazy("回退")
    ACCEPTED = "accepted", gettext_lazy("通过")
    REACHED = "reached", gettext_lazy("到达")
    CLOSED = "closed", gettext_lazy("关闭")


class ChainStep(models.Model):
    """One node of one round of a chain. The flow log and its durations (用时) come from here."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    round = models.PositiveIntegerField(default=1)
    seq = models.PositiveIntegerField(gettext_lazy("序号"))
    position = models.PositiveIntegerField(default=0)  # index within the round, 0 = submitter
    node_label = models.CharField(gettext_lazy("节点"), max_length=50)
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_terminal = models.BooleanField(default=False)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(gettext_lazy("开始于"), null=True, blank=True)
    finished_at = models.DateTimeField(gettext_lazy("结束于"), null=True, blank=True)
    action = models.CharField(max_length=12, choices=StepAction.choices, blank=True, default="")
    opinion = models.TextField(gettext_lazy("办理意见"), blank=True)

    class Meta:
        ordering = ["content_type", "object_id", "seq"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "seq"]),
            # "passed through my organisation": the started steps of one organisation, by object.
            models.Index(
                fields=["organisation", "content_type", "object_id"],
                condition=models.Q(started_at__isnull=False),
                name="chainstep_org_reached_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "seq"], name="chainstep_unique_seq")
        ]
        verbose_name = gettext_lazy("流程步骤")
        verbose_name_plural = gettext_lazy("流程步骤")

    def __str__(self):
        return f"{self.seq} {self.node_label}"

    @property
    def duration(self):
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None

    @property
    def is_current(self):
        return self.started_at is not None and self.finished_at is None


def _keep_history(sender, instance, **kwargs):
    """A started step is history: deleting its object (or the step) must not erase it. Unstarted
    steps of a round that was sent back are removed by send_back and may go."""
    if instance.started_at is not None:
        from .workflow import WorkflowError

        raise WorkflowError(_("已提交过的记录的流程日志不能删除。"))


models.signals.pre_delete.connect(_keep_history, sender=ChainStep, dispatch_uid="chainstep_keep_history")


def prefetch_steps(objects):
    """Load the ChainStep rows of many objects of one model in one query, so that
    flow_steps() / chain_nodes() on each cost nothing more (list pages keep a flat query count)."""
    objects = list(objects)
    if not objects:
        return objects
    by_id = {}
    for step in (
        ChainStep.objects.filter(
            content_type=ContentType.objects.get_for_model(type(objects[0])),
            object_id__in=[o.pk for o in objects],
        )
        .select_related("organisation", "handler")
        .order_by("seq")
    ):
        by_id.setdefault(step.object_id, []).append(step)
    for obj in objects:
        obj._steps_cache = by_id.get(obj.pk, [])
    return objects


def format_duration(delta):
    """9天18小时44分14秒 — as the guide's flow log shows 用时; leading zero units are left out."""
    if delta is None:
        return ""
    total = max(int(delta.total_seconds()), 0)
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    parts, started = [], False
    for value, unit in ((days, "天"), (hours, "小时"), (minutes, "分"), (seconds, "秒")):
        if value or started or unit == "秒":
            parts.append(f"{value}{unit}")
            started = True
    return "".join(parts)

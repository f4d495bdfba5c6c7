import datetime as dt

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy

from zhicheng.workflow import format_duration

register = template.Library()


@register.filter
def duration_cn(value):
    """timedelta → 9天18小时44分14秒."""
    return format_duration(value)


@register.filter
def dt_cn(value):
    """2023/8/4 12:16:47 as in the guides."""
    if not value:
        return ""
    value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.year}/{value.month}/{value.day} {value:%H:%M:%S}"


@register.filter
def date_cn(value):
    """2010/7/1 — the one display format for a date (tables, messages, pages); inputs carry ISO.

    Accepts a date, a datetime or the ISO text that section rows store."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{value.year}/{value.month}/{value.day}"


@register.filter
def iso_date(value):
    """The value of a hand-written <input type="date">: ISO for a date, posted text unchanged."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value or ""


@register.inclusion_tag("includes/field.html")
def field(bound_field, **kwargs):
    return {"field": bound_field, **kwargs}


@register.inclusion_tag("includes/chain_diagram.html")
def chain_diagram(obj):
    return {"nodes": obj.chain_nodes(), "obj": obj}


@register.inclusion_tag("includes/flow_log.html")
def flow_log(obj):
    return {"steps": obj.flow_steps(), "obj": obj}


@register.inclusion_tag("includes/audit_log.html")
def audit_log(obj, limit=200):
    """操作记录 of one object, newest first. Put it only on pages whose viewer may see `obj`."""
    from zhicheng.audit import entries_for

    return {"entries": list(entries_for(obj)[:limit]), "obj": obj}


STATE_BADGES = {
    # state → (label, badge class); the accepted label is the chain's own (审核通过, 已接收材料 …)
    "draft": (gettext_lazy("草稿"), "muted"),
    "in_review": (gettext_lazy("待审核"), "info"),
    "returned": (gettext_lazy("已退回"), "warn"),
    "accepted": (None, "ok"),
    "closed": (gettext_lazy("已关闭"), "warn"),
}


@register.simple_tag
def state_badge(obj, with_node=False):
    """The one state-to-label-and-colour rule for chain objects: <span class="badge ok">审核通过</span>.
    with_node=True adds the current node while in review: 待审核（材料接收部门）."""
    label, css = STATE_BADGES.get(obj.state, (None, "muted"))
    if label is None:
        label = obj.FINAL_NODE_LABEL if obj.state == "accepted" else obj.get_state_display()
    if with_node and obj.state == "in_review" and obj.current_label:
        label = f"{label}（{obj.current_label}）"
    return format_html('<span class="badge state-{} {}">{}</span>', obj.state, css, label)

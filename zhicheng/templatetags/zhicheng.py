import datetime as dt

from django import template
from django.utils import timezone

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

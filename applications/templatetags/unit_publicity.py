"""{% unit_publicity_card app %}: the 推荐单位公示 box of the application's review page — the period with
its convention, the two uploads, and (for the base unit holding it) what still blocks its 上报,
beside each item. Kept out of applications/views.py so that the detail view stays unchanged."""

from django import template

from .. import unit_publicity

register = template.Library()


@register.inclusion_tag("applications/_unit_publicity.html", takes_context=True)
def unit_publicity_card(context, app):
    user = context["request"].user
    record = unit_publicity.record_of(app) if app.ever_submitted else None
    may_record = app.ever_submitted and unit_publicity.may_record(user, app)
    return {
        "app": app,
        "record": record,
        "show": record is not None or may_record,
        "may_record": may_record,
        "problems": dict(unit_publicity.problems(app, record=record)) if may_record else {},
        "convention": unit_publicity.CONVENTION,
    }

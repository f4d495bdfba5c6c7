"""A populated platform for the tests that walk every URL: the demo cast and every app's demo
data, with the real ids of their objects, and the URL patterns filled with those ids."""

import itertools
import re

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

SKIP_NAMESPACES = {"admin", "captcha"}
ROLES = [
    "admin",
    "applicant",
    "applicant2",
    "base_short",
    "base_long",
    "county",
    "dept",
    "committee_region",
    "committee_changji",
    "office_region",
    "office_changji",
    "pending_unit",
]


def seed_world():
    from zhicheng.management.commands.seed_demo import seed_all

    return seed_all()


def walk(resolver=None, prefix="", namespace=None):
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or namespace
            if ns in SKIP_NAMESPACES:
                continue
            yield from walk(p, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern) and p.name and not p.name.startswith("captcha-"):
            yield (f"{namespace}:{p.name}" if namespace else p.name), prefix + str(p.pattern)


def _ids_for(app_label, limit=3):
    """Real primary keys of the app's models (first and last rows of each)."""
    ids = set()
    try:
        config = apps.get_app_config(app_label)
    except LookupError:
        config = None
    models = list(config.get_models()) if config else []
    for model in models:
        qs = model._default_manager.order_by("pk").values_list("pk", flat=True)
        for pk in (qs.first(), qs.last()):
            if isinstance(pk, int):
                ids.add(pk)
    return sorted(ids)[:limit] or [1]


STR_VALUES = {"kind": ["basic", "education"], "field": ["photo"], "token": ["zz-none"]}


def filled_urls(name, route, *, limit=3):
    """The route with real ids (a few combinations) — '/applications/3/files/7/' …"""
    app_label = name.split(":")[0] if ":" in name else "accounts"
    params = re.findall(r"<(?:(\w+):)?(\w+)>", route)
    choices = []
    for conv, pname in params:
        if conv == "int":
            choices.append([str(i) for i in _ids_for(app_label)])
        else:
            choices.append(STR_VALUES.get(pname, ["zz-none"]))
    urls = []
    for combo in itertools.islice(itertools.product(*choices), limit):
        url = route
        for value in combo:
            url = re.sub(r"<(?:\w+:)?\w+>", value, url, count=1)
        urls.append("/" + url)
    return urls or ["/" + route]


FIELD_NAME = re.compile(r"<(?:input|select|textarea)\b[^>]*\bname=\"([^\"]+)\"", re.I)


def form_fields(html):
    return sorted({n for n in FIELD_NAME.findall(html) if n != "csrfmiddlewaretoken"})

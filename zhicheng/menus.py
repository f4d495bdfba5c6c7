"""Top and side menus follow the roles a person holds.

Apps register their entries in AppConfig.ready() so that zhicheng never imports a higher app:
    menus.register(Role.APPLICANT, "我的职称", "我的申请书", "applications:mine", order=10)
"""

from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class MenuEntry:
    role: str
    section: str  # top menu (备案工作, 申请书管理 …)
    label: str
    url_name: str
    order: int = 100
    args: tuple = field(default_factory=tuple)
    visible: object = None  # callable(user) -> bool, e.g. "admins of an organisation only"
    badge: object = None  # callable(user) -> int, e.g. unread messages


_ENTRIES: list[MenuEntry] = []


def register(role, section, label, url_name, order=100, *, visible=None, badge=None):
    entry = MenuEntry(str(role), str(section), str(label), url_name, order, visible=visible, badge=badge)
    if entry not in _ENTRIES:
        _ENTRIES.append(entry)


def _cached(user, fn):
    """Each predicate or badge runs at most once per request (the user object lives that long)."""
    cache = user.__dict__.setdefault("_menu_cache", {})
    if fn not in cache:
        cache[fn] = fn(user)
    return cache[fn]


def menu_for(user):
    """[(section, [(label, url)])] for the roles the user holds, in registration order."""
    if not user.is_authenticated:
        return []
    roles = {str(r) for r in user.roles}
    sections: dict[str, list] = {}
    for entry in sorted(_ENTRIES, key=lambda e: e.order):
        if entry.role not in roles:
            continue
        if entry.visible is not None and not _cached(user, entry.visible):
            continue
        try:
            url = reverse(entry.url_name, args=entry.args)
        except NoReverseMatch:
            continue
        label = entry.label
        if entry.badge is not None:
            count = _cached(user, entry.badge)
            if count:
                label = f"{label}({count})"
        items = sections.setdefault(entry.section, [])
        if all(existing_url != url for _label, existing_url in items):
            items.append((label, url))
    return list(sections.items())


@dataclass(frozen=True)
class HomePanel:
    role: str
    template: str
    context: object  # callable(request) -> dict
    order: int = 100


_PANELS: list[HomePanel] = []


def register_panel(role, template, context=None, order=100):
    """A block on 我的主页 for one role, e.g. the committee's 申请书统计 counters."""
    panel = HomePanel(str(role), template, context or (lambda request: {}), order)
    if panel not in _PANELS:
        _PANELS.append(panel)


def panels_for(request):
    roles = {str(r) for r in request.user.roles}
    out = []
    for panel in sorted(_PANELS, key=lambda p: p.order):
        if panel.role in roles:
            out.append((panel.template, panel.context(request)))
    return out

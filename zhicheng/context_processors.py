from django.conf import settings
from django.core.cache import cache

from . import menus, pagecache

REGION_CHOICES_KEY = "platform:region-choices:v1"


def _load_region_choices():
    from accounts.models import Region

    return [("650000", "自治区本级")] + list(
        Region.objects.filter(level="prefecture").order_by("sort").values_list("code", "name")
    )


def _region_choices():
    """The region selector of every page: reference data, read from the cache (dropped when a
    Region is saved or deleted, see zhicheng.apps)."""
    from accounts.models import Region

    pagecache.depends_on(Region._meta.db_table)  # a kept page shows them: dropped with a rename
    return cache.get_or_set(REGION_CHOICES_KEY, _load_region_choices, timeout=24 * 3600)


def forget_region_choices(**kwargs):
    cache.delete(REGION_CHOICES_KEY)


def platform(request):
    user = getattr(request, "user", None)
    return {
        "SITE_NAME": settings.SITE_NAME,
        "menu_sections": menus.menu_for(user) if user is not None else [],
        "current_region_label": request.session.get("region_label", "自治区本级")
        if hasattr(request, "session")
        else "自治区本级",
        "help_contacts": settings.HELP_CONTACTS,
        "region_choices": _region_choices(),
    }

from django.conf import settings

from . import menus


def _region_choices():
    from accounts.models import Region

    return [("650000", "自治区本级")] + list(
        Region.objects.filter(level="prefecture").order_by("sort").values_list("code", "name")
    )


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

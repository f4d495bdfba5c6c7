from django.apps import AppConfig


class ZhichengConfig(AppConfig):
    name = "zhicheng"
    verbose_name = "平台"

    def ready(self):
        from . import reference, workdays

        reference.connect(self)
        reference.register(workdays.ensure_seed_days)

        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_delete, post_save

        from .pagecache import watch_connection

        connection_created.connect(watch_connection, dispatch_uid="pagecache-watch")

        from .context_processors import forget_region_choices

        post_save.connect(forget_region_choices, sender="accounts.Region", dispatch_uid="region-choices-save")
        post_delete.connect(
            forget_region_choices, sender="accounts.Region", dispatch_uid="region-choices-del"
        )

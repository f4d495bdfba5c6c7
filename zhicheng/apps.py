from django.apps import AppConfig


class ZhichengConfig(AppConfig):
    name = "zhicheng"
    verbose_name = "平台"

    def ready(self):
        from . import reference, workdays

        reference.connect(self)
        reference.register(workdays.ensure_seed_days)

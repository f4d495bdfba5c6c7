from django.apps import AppConfig


class BackfillConfig(AppConfig):
    name = "backfill"
    verbose_name = "历史数据补录"

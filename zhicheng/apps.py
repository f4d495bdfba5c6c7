from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig


class ZhichengConfig(AppConfig):
    name = "zhicheng"
    verbose_name = "平台"

    def ready(self):
        from . import reference

        reference.connect(self)



class AxesConfig(AxesAppConfig):
    """django-axes under a Chinese name in the admin (its models' labels: locale/zh_Hans)."""

    verbose_name = "登录安全"

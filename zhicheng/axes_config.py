"""django-axes under a Chinese name in the admin (its models' labels come from locale/zh_Hans).

A module of its own: a second AppConfig in zhicheng/apps.py would stop Django from picking
ZhichengConfig automatically."""

from axes.apps import AppConfig


class AxesConfig(AppConfig):
    verbose_name = "登录安全"

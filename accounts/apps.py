from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "账户与单位"

    def ready(self):
        from zhicheng import menus

        from .constants import Role

        menus.register(Role.PLATFORM, "系统设置", "平台管理", "admin:index", order=900)

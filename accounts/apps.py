from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "账户与单位"

    def ready(self):
        from zhicheng import menus

        from .constants import Role

        org_roles = [Role.BASE_ADMIN, Role.SUPERVISOR, Role.COMMITTEE, Role.OFFICE]
        menus.register(Role.SUPERVISOR, "单位管理", "单位注册审核", "accounts:unit-queue", order=700)
        menus.register(Role.SUPERVISOR, "单位管理", "单位信息修改审核", "accounts:change-queue", order=701)
        for role in Role:
            menus.register(role, "系统设置", "我的信息", "accounts:profile", order=810)
        menus.register(Role.BASE_ADMIN, "系统设置", "单位信息", "accounts:unit-info-list", order=815)
        # 我的用户 is for the organisation's admins; plain members who open it get 404.
        for role in org_roles:
            menus.register(role, "系统设置", "我的用户", "accounts:my-users", order=820)
        for role in Role:
            menus.register(role, "系统设置", "我的消息", "accounts:messages", order=830)
        menus.register(Role.PLATFORM, "系统设置", "平台管理", "admin:index", order=900)

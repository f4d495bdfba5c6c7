from django.apps import AppConfig


def load_regions_if_missing():
    from .models import Region
    from .reference import load_regions

    if not Region.objects.exists():
        load_regions(Region)


def is_org_admin(user):
    return user.memberships.filter(is_admin=True, is_active=True, organisation__is_active=True).exists()


def unread_messages(user):
    return user.messages.filter(read_at__isnull=True).count()


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "账户与单位"

    def ready(self):
        from zhicheng import menus, reference

        reference.register(load_regions_if_missing)

        from .constants import Role

        org_roles = [Role.BASE_ADMIN, Role.SUPERVISOR, Role.COMMITTEE, Role.OFFICE]
        menus.register(Role.SUPERVISOR, "单位管理", "单位注册审核", "accounts:unit-queue", order=700)
        menus.register(Role.SUPERVISOR, "单位管理", "单位信息修改审核", "accounts:change-queue", order=701)
        for role in Role:
            menus.register(role, "系统设置", "我的信息", "accounts:profile", order=810)
        menus.register(Role.BASE_ADMIN, "系统设置", "单位信息", "accounts:unit-info-list", order=815)
        # 我的用户 is for the organisation's admins only (plain members would get 404).
        for role in org_roles:
            menus.register(role, "系统设置", "我的用户", "accounts:my-users", order=820, visible=is_org_admin)
        for role in Role:
            menus.register(
                role, "系统设置", "我的消息", "accounts:messages", order=830, badge=unread_messages
            )
        menus.register(Role.PLATFORM, "系统设置", "平台管理", "admin:index", order=900)

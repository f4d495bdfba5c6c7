from django.apps import AppConfig


class BackfillConfig(AppConfig):
    name = "backfill"
    verbose_name = "历史数据补录"

    def ready(self):
        from accounts.constants import Role
        from zhicheng import menus

        # 我的主页 → 其他业务系统 → 历史数据补录 (guide 003, 第三步)
        menus.register(Role.APPLICANT, "其他业务系统", "历史数据补录", "backfill:home", order=80)
        menus.register(Role.APPLICANT, "其他业务系统", "我的职称记录", "backfill:titles", order=81)
        menus.register_panel(Role.APPLICANT, "backfill/panel_applicant.html", order=80)
        for role in (Role.BASE_ADMIN, Role.SUPERVISOR):
            menus.register(role, "历史数据补录", "补录审核", "backfill:queue", order=60)
            menus.register(role, "历史数据补录", "补录花名册", "backfill:roster", order=61)
        menus.register(Role.PLATFORM, "历史数据补录", "补录数据导出", "backfill:national", order=90)

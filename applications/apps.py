from django.apps import AppConfig


def load_default_template_if_missing():
    """The same default template the data migration 0002 seeds (it returns early when present)."""
    from django.apps import apps
    from django.utils.module_loading import import_string

    import_string("applications.migrations.0002_default_template.forwards")(apps, None)


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = "申请书"

    def ready(self):
        from accounts.constants import Role
        from zhicheng import menus, reference

        reference.register(load_default_template_if_missing)

        from zhicheng import exports
        from zhicheng.workflow import chain_transitioned

        from . import reach
        from .models import Application

        chain_transitioned.connect(reach.on_transition, sender=Application, dispatch_uid="applications-reach")

        from .roster import build_roster_export

        exports.register("roster", title="审核情况花名册", build=build_roster_export)

        from . import panels, paper_set, review_form

        review_form.register()  # the 评审表 kind of the document pipeline, rendered on 上报
        paper_set.register()  # 推荐单位公示 / 公示结果 / 主管单位推荐意见 / 个人承诺书

        menus.register(Role.APPLICANT, "我的职称", "我的申请书", "applications:mine", order=10)
        for role in (Role.BASE_ADMIN, Role.SUPERVISOR, Role.COMMITTEE):
            menus.register(role, "申请书管理", "申请书审核", "applications:queue", order=20)
            menus.register(role, "申请书管理", "申请书查询", "applications:search", order=21)
        menus.register(Role.COMMITTEE, "申请书接收、花名册", "扫码接收材料", "applications:receive", order=30)
        menus.register(
            Role.COMMITTEE, "申请书接收、花名册", "审核情况花名册", "applications:roster", order=31
        )
        menus.register(
            Role.SUPERVISOR, "申请书接收、花名册", "审核情况花名册", "applications:roster", order=31
        )
        menus.register_panel(
            Role.APPLICANT, "applications/panel_applicant.html", panels.applicant_panel, order=10
        )
        for role in (Role.BASE_ADMIN, Role.SUPERVISOR):
            menus.register_panel(role, "applications/panel_reviewer.html", panels.reviewer_panel, order=20)
        menus.register_panel(
            Role.COMMITTEE, "applications/panel_committee.html", panels.committee_panel, order=55
        )

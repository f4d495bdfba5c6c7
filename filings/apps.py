from django.apps import AppConfig


def load_catalogue_if_missing():
    from .models import Qualification, Series, Specialty
    from .reference import load_catalogue

    if not Qualification.objects.exists():
        load_catalogue(Series, Specialty, Qualification)


class FilingsConfig(AppConfig):
    name = "filings"
    verbose_name = "备案与资格目录"

    def ready(self):
        from accounts.constants import Role
        from zhicheng import menus, reference

        reference.register(load_catalogue_if_missing)

        from .panels import committee_home_panel

        menus.register(Role.COMMITTEE, "备案工作", "我的备案", "filings:mine", order=200)
        menus.register(Role.COMMITTEE, "备案工作", "设置时间", "filings:times", order=205)
        menus.register(Role.COMMITTEE, "备案工作", "丢失申领证书批次备案", "filings:lost-mine", order=220)
        menus.register(
            Role.COMMITTEE, "备案工作", "新增丢失申领证书批次备案", "filings:lost-create", order=221
        )
        menus.register(Role.OFFICE, "备案工作", "备案审核", "filings:queue", order=200)
        menus.register(Role.OFFICE, "备案工作", "可评审专业", "filings:reviewable", order=210)
        menus.register(Role.OFFICE, "备案工作", "时间变更审核", "filings:time-change-queue", order=205)
        menus.register_panel(Role.COMMITTEE, "filings/home_panel.html", committee_home_panel, order=50)

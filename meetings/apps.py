from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "评审会议"

    def ready(self):
        from accounts.constants import Role
        from zhicheng import menus

        from . import minutes

        minutes.register()  # 评审会议纪要 (document pipeline) and the 评审表's 评审委员会 box

        menus.register(Role.COMMITTEE, "备案工作", "评审会议备案", "meetings:list", order=205)
        menus.register(Role.COMMITTEE, "云会议管理", "评审会议", "meetings:list", order=420)
        menus.register(Role.COMMITTEE, "云会议管理", "评审统计", "meetings:stats", order=421)
        menus.register(Role.COMMITTEE, "批文发证", "评审结果公示", "meetings:publicity-list", order=399)
        menus.register(Role.EXPERT, "评审专家", "我的评审任务", "meetings:tasks", order=5)

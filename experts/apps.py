from django.apps import AppConfig


def is_expert(user):
    from .constants import ExpertStatus
    from .models import Expert

    return Expert.objects.filter(user=user, status=ExpertStatus.ACTIVE).exists()


class ExpertsConfig(AppConfig):
    name = "experts"
    verbose_name = "专家系统"

    def ready(self):
        from accounts.constants import Role
        from accounts.models import ROLE_PROVIDERS
        from zhicheng import menus

        ROLE_PROVIDERS[Role.EXPERT] = is_expert
        menus.register(Role.COMMITTEE, "专家系统", "专家库", "experts:list", order=400)
        menus.register(Role.COMMITTEE, "专家系统", "导入专家", "experts:import", order=401)

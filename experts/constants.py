from django.db import models
from django.utils.translation import gettext_lazy as _

# 人社部令第40号: an expert's term is at most 3 years; a senior committee formed per series has
# at least 25 members, one formed per specialty at least 11 (kept per committee in ExpertSettings).
MAX_TERM_YEARS = 3
CONFLICT_YEARS = 3


class ExpertStatus(models.TextChoices):
    ACTIVE = "active", _("在库")
    SUSPENDED = "suspended", _("暂停")
    RETIRED = "retired", _("退出")

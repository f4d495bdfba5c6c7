from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    YUANJI = "yuanji", _("员级")
    ZHULIJI = "zhuliji", _("助理级")
    ZHONGJI = "zhongji", _("中级")
    FUGAO = "fugao", _("副高级")
    ZHENGGAO = "zhenggao", _("正高级")


# Short labels as the platform writes them: [自治区][副高]机械电子专业/高级工程师
LEVEL_SHORT = {
    Level.YUANJI: "初级",
    Level.ZHULIJI: "初级",
    Level.ZHONGJI: "中级",
    Level.FUGAO: "副高",
    Level.ZHENGGAO: "正高",
}
LEVEL_RANK = {Level.YUANJI: 1, Level.ZHULIJI: 2, Level.ZHONGJI: 3, Level.FUGAO: 4, Level.ZHENGGAO: 5}


class FilingLevel(models.TextChoices):
    """备案级别 — routes a filing by the catalogue (title_series.yaml review_routing)."""

    CHUZHONG = "chuzhong", _("初中级")
    GAOJI_EXCL_EDU = "gaoji_excl_edu", _("高级(不含教育)")
    GAOJI_EDU_ONLY = "gaoji_edu_only", _("高级(只有教育)")


class ApplicationType(models.TextChoices):
    REVIEW = "review", _("评审")
    DUAL_SOUTH4 = "dual_directed_south4", _("双定向(南疆四地州)")
    DUAL_GRASSROOTS = "dual_directed_grassroots", _("双定向(基层专用)")
    PRIVATE_SPECIAL = "private_enterprise_special", _("民营企业专项")
    INITIAL = "initial_determination", _("初次确定")
    SPECIAL_TALENT = "special_talent_recognition", _("特殊人才认定")
    CONFERMENT = "conferment", _("授予")
    FANGHUIJU = "fanghuiju_3y_promotion", _("“访惠聚”三年高定")
    HIGH_SKILL = "high_skill_talent", _("高技能人才")

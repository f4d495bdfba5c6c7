from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    REGION = "region", _("自治区本级")
    PREFECTURE = "prefecture", _("地州市")
    COUNTY = "county", _("县(市、区)")


class OrgKind(models.TextChoices):
    BASE_UNIT = "base_unit", _("基层单位")
    SUPERVISING = "supervising", _("主管单位")
    COMMITTEE = "committee", _("评审委员会")
    TITLE_OFFICE = "title_office", _("职称办公室")


class OrgLevel(models.TextChoices):
    """Where a supervising unit, committee or title office sits.

    For supervising units the level decides the node label on an application's chain
    (guide 001: 县(市)级材料接收部门 → 地州主管局 → 地厅级材料接收部门).
    """

    COUNTY = "county", _("县(市)级")
    PREFECTURE = "prefecture", _("地州级")
    DEPARTMENT = "department", _("地厅级")
    REGION = "region", _("自治区级")


SUPERVISING_NODE_LABELS = {
    OrgLevel.COUNTY: _("县(市)级材料接收部门"),
    OrgLevel.PREFECTURE: _("地州主管局"),
    OrgLevel.DEPARTMENT: _("地厅级材料接收部门"),
    OrgLevel.REGION: _("地厅级材料接收部门"),
}


class Role(models.TextChoices):
    APPLICANT = "applicant", _("申请人")
    BASE_ADMIN = "base_admin", _("基层单位管理员")
    SUPERVISOR = "supervisor", _("主管单位")
    COMMITTEE = "committee", _("评审委员会")
    OFFICE = "office", _("职称办公室")
    PLATFORM = "platform", _("平台管理员")
    EXPERT = "expert", _("评审专家")


ROLE_BY_KIND = {
    OrgKind.BASE_UNIT: Role.BASE_ADMIN,
    OrgKind.SUPERVISING: Role.SUPERVISOR,
    OrgKind.COMMITTEE: Role.COMMITTEE,
    OrgKind.TITLE_OFFICE: Role.OFFICE,
}


class Gender(models.TextChoices):
    MALE = "1", _("男")
    FEMALE = "2", _("女")


class UnitNature(models.TextChoices):
    REGION_DIRECT = "region_direct", _("自治区直属单位")
    PREFECTURE_DIRECT = "prefecture_direct", _("地州市直属单位")
    COUNTY_AND_BELOW = "county_and_below", _("县市及以下单位")
    CENTRAL_IN_XJ = "central_in_xj", _("中央驻疆单位")
    PRIVATE = "private_enterprise", _("民营企业")
    SOCIAL = "social_organisation", _("社会组织")

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.sections import SectionKind

# 补录说明: titles obtained from 2000 to 2021 (guide 003, 第一章).
GRANTED_FROM = dt.date(2000, 1, 1)
GRANTED_TO = dt.date(2021, 12, 31)


class IssuerArea(models.TextChoices):
    """发证评审委员会 by 职称评审区域 (guide 003, B.2)."""

    REGION = "region", _("自治区本级")
    PREFECTURE = "prefecture", _("地州市级")
    GRASSROOTS = "grassroots", _("公务员及基层乡镇")


class IssuerKind(models.TextChoices):
    COMMITTEE = "committee", _("评审委员会")
    UNIT = "unit", _("发证单位")


class AttachmentKind(models.TextChoices):
    """四、上传附件: at least one of the three (guide 003)."""

    CERTIFICATE = "certificate", _("职称证原件")
    REVIEW_FORM = "review_form", _("评审表或初定表原件")
    APPROVAL = "approval", _("批文（资格文件）原件")


# 五、完善16项信息 (guide 003): (kind, label, required). 基本信息 lives on the backfill row;
# the other kinds reuse the application's row forms (applications.sections).
SECTIONS = [
    (SectionKind.BASIC, _("基本信息"), True),
    (SectionKind.CONTACT, _("联系方式"), True),
    (SectionKind.TALENT, _("人才工程"), False),
    (SectionKind.EDUCATION, _("学历学位"), True),
    (SectionKind.WORK_HISTORY, _("工作经历"), False),
    (SectionKind.VOCATIONAL, _("职业资格信息"), False),
    (SectionKind.PRACTISING, _("职（执）业资格信息"), False),
    (SectionKind.AID_XINJIANG, _("援疆信息"), False),
    (SectionKind.PUBLICATIONS, _("发表论文情况"), False),
    (SectionKind.AWARDS, _("获奖情况"), False),
    (SectionKind.BOOKS, _("著作情况"), False),
    (SectionKind.PATENTS, _("获得知识产权"), False),
    (SectionKind.PRACTICE, _("科研实践工作能力"), False),
    (SectionKind.STUDY_ABROAD, _("留学信息"), False),
    (SectionKind.SOCIETIES, _("国内外学术团体任职"), False),
    (SectionKind.CONTINUING, _("继续教育"), False),
]
SECTION_KINDS = [k for k, _label, _req in SECTIONS]
SECTION_LABELS = {k: label for k, label, _req in SECTIONS}
REQUIRED_SECTIONS = {k for k, _label, req in SECTIONS if req}

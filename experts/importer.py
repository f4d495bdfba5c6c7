"""导入专家 from Excel: a template to download, every row checked before anything is written, and
a row-by-row report. One refused row imports nothing (the committee fixes the file and retries)."""

import datetime as dt
from dataclasses import dataclass, field
from io import BytesIO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Organisation, Region
from accounts.validators import normalise_credit_code, parse_id_number
from filings.constants import Level
from filings.models import Series, Specialty
from zhicheng import audit

from . import services
from .models import Expert

COLUMNS = [
    ("姓名", "示例专家"),
    ("身份证号", "650102197501010016"),
    ("手机号", "13900000000"),
    ("系列", "工程"),
    ("专业代码", "00189;00190"),
    ("职称级别", "正高级"),
    ("工作单位统一社会信用代码", "91650100MA0000000X"),
    ("所在地区代码", "650000"),
    ("聘期开始", "2026-01-01"),
    ("聘期结束", "2028-12-31"),
]
LEVELS = {str(label): value for value, label in Level.choices}


def template_workbook():
    """The 专家导入模板: every cell is text (身份证号 and codes must keep their leading zeros)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "专家"
    for col, (head, example) in enumerate(COLUMNS, start=1):
        for row, value in ((1, head), (2, example)):
            cell = ws.cell(row=row, column=col, value=value)
            cell.number_format = "@"
            cell.data_type = "s"
        ws.column_dimensions[cell.column_letter].width = 22
    ws["A4"] = _("第2行为示例，导入前请删除。专业代码多个用分号分隔；日期格式为YYYY-MM-DD；职称级别：")
    ws["A5"] = "、".join(LEVELS)
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


@dataclass
class RowReport:
    row: int
    name: str = ""
    id_number: str = ""
    errors: list = field(default_factory=list)
    data: dict = field(default_factory=dict)

    @property
    def ok(self):
        return not self.errors


@dataclass
class ImportReport:
    rows: list
    imported: int = 0

    @property
    def refused(self):
        return [r for r in self.rows if not r.ok]


def _text(value):
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(text, label, errors):
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        errors.append(_("%s格式应为YYYY-MM-DD。") % label)
        return None


def _check_row(committee, values, seen):
    name, id_number, phone, series_name, codes, level, credit, region_code, start, end = (
        values + [""] * len(COLUMNS)
    )[: len(COLUMNS)]
    report = RowReport(row=0, name=name, id_number=id_number)
    errors = report.errors
    if not name:
        errors.append(_("姓名不能为空。"))
    try:
        id_number = parse_id_number(id_number).number
    except ValidationError as exc:
        errors.extend(exc.messages)
    if id_number in seen:
        errors.append(_("身份证号与第%d行重复。") % seen[id_number])
    if not phone:
        errors.append(_("手机号不能为空。"))
    series = Series.objects.filter(name=series_name.removesuffix("系列")).first()
    if series is None:
        errors.append(_("系列“%s”不存在。") % series_name)
    code_list = [c.strip() for c in codes.replace("；", ";").split(";") if c.strip()]
    specialties = list(Specialty.objects.filter(code__in=code_list, series=series)) if series else []
    missing = sorted(set(code_list) - {s.code for s in specialties})
    if not code_list:
        errors.append(_("专业代码不能为空。"))
    elif missing and series:
        errors.append(_("专业代码不属于该系列或不存在：%s") % "、".join(missing))
    if level not in LEVELS:
        errors.append(_("职称级别“%s”不正确。") % level)
    employer = None
    if credit:
        employer = Organisation.objects.filter(credit_code=normalise_credit_code(credit)).first()
        if employer is None:
            errors.append(_("统一社会信用代码%s未在平台注册。") % credit)
    region = Region.objects.filter(code=region_code).first()
    if region is None:
        errors.append(_("所在地区代码“%s”不存在。") % region_code)
    term_start, term_end = _date(start, _("聘期开始"), errors), _date(end, _("聘期结束"), errors)
    if term_start and term_end:
        try:
            services.check_term(term_start, term_end)
        except services.ExpertsError as exc:
            errors.append(str(exc))
    if not errors and Expert.objects.filter(committee=committee, user__id_number=id_number).exists():
        errors.append(_("该专家已在本专家库中。"))
    report.id_number = id_number
    report.data = dict(
        real_name=name,
        id_number=id_number,
        phone=phone,
        series=series,
        specialties=specialties,
        title_level=LEVELS.get(level),
        employer=employer,
        region=region,
        term_start=term_start,
        term_end=term_end,
    )
    return report


def import_experts(committee, *, by, upload):
    """Check every row, then import all of them in one transaction — or none."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(upload, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise services.ExpertsError(_("无法读取文件：请使用下载的模板（.xlsx）。")) from None
    ws = wb.worksheets[0]
    rows, seen = [], {}
    for number, raw in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        values = [_text(v) for v in raw[: len(COLUMNS)]]
        if not any(values):
            continue
        report = _check_row(committee, values, seen)
        report.row = number
        seen.setdefault(report.id_number, number)
        rows.append(report)
    if not rows:
        raise services.ExpertsError(_("文件中没有专家数据。"))
    result = ImportReport(rows=rows)
    if result.refused:
        return result
    with transaction.atomic():
        for report in rows:
            try:
                services.add_expert(committee, by=by, **report.data)
            except services.ExpertsError as exc:  # a race with another import: roll everything back
                transaction.set_rollback(True)
                report.errors.append(str(exc))
                return result
        result.imported = len(rows)
        audit.log("experts.import.completed", committee, by=by, org=committee, data={"rows": len(rows)})
    return result

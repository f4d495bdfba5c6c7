"""The one way to write spreadsheets and CSV files for download (every export, now and later).

Text that a spreadsheet would run as a formula — a cell starting with = + - @, a tab or a
carriage return (`=HYPERLINK("//e.cn","x")` as a 姓名) — is written as text: in .xlsx as a
string cell with Excel's quote prefix (shown unchanged, never evaluated), in CSV with a leading
apostrophe (OWASP's advice for files opened in Excel). Numbers stay numbers; everything else
(dates included, in the platform's display form) is written as its text.
"""

import csv
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def is_formula_like(text):
    return isinstance(text, str) and text.startswith(FORMULA_STARTS)


def csv_safe(value):
    """A CSV cell: formula-like text gets a leading apostrophe."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return "'" + text if is_formula_like(text) else text


def _plain(value):
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def append_row(ws, values):
    """Append one row to an openpyxl worksheet; every text cell is a string cell, never a formula."""
    from openpyxl.cell.cell import Cell

    cells = []
    for value in values:
        if value is None:
            cells.append(None)
            continue
        if _plain(value):
            cells.append(value)
            continue
        cell = Cell(ws, value=None)
        cell._value = str(value)  # bypass openpyxl's "starts with = means formula" guess
        cell.data_type = "s"
        if is_formula_like(cell._value):
            cell.quotePrefix = True
        cells.append(cell)
    ws.append(cells)


def workbook(title, header, rows):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = str(title)[:31]
    append_row(ws, [str(c) for c in header])
    for row in rows:
        append_row(ws, row)
    return wb


def xlsx_response(title, header, rows, filename):
    """A download of one sheet; `filename` without date or extension (both are added)."""
    response = HttpResponse(content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}-{timezone.localdate():%Y%m%d}.xlsx"'
    workbook(title, header, rows).save(response)
    return response


def csv_response(header, rows, filename):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 CSV with Chinese correctly only with a BOM
    writer = csv.writer(response)
    writer.writerow([csv_safe(str(c)) for c in header])
    for row in rows:
        writer.writerow([csv_safe(v) for v in row])
    return response

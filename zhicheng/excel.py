"""The one way to write spreadsheets and CSV files for download (every export, now and later).

Text that a spreadsheet would run as a formula — a cell starting with = + - @, a tab or a
carriage return (`=HYPERLINK("//e.cn","x")` as a 姓名) — is written as text: in .xlsx as a
string cell with Excel's quote prefix (shown unchanged, never evaluated), in CSV with a leading
apostrophe (OWASP's advice for files opened in Excel). Numbers stay numbers; everything else
(dates included, in the platform's display form) is written as its text.
"""

import csv
import io
import re
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


class SheetWriter:
    """One sheet written row by row with openpyxl's write-only mode (rows are serialised as they
    come: constant memory, the exports of any size). Text is always a string cell — openpyxl's
    "starts with = means formula" guess is bypassed — and formula-like text gets the quote prefix,
    so even editing the cell in Excel keeps it text; numbers stay numbers. `target`: a path or a
    binary file object, written on close()."""

    def __init__(self, target, title):
        from openpyxl import Workbook

        self.target = target
        self.book = Workbook(write_only=True)
        self.sheet = self.book.create_sheet(sheet_title(title))
        self.rows = 0

    def cell(self, value):
        if value is None or _plain(value):
            return value
        text = value if isinstance(value, str) else str(value)
        if not is_formula_like(text):
            return text  # a plain str is written as a string cell as it is (the fast path)
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(self.sheet, value=None)
        cell._value = text
        cell.data_type = "s"
        cell.quotePrefix = True
        return cell

    def append(self, values):
        self.sheet.append([self.cell(v) for v in values])
        self.rows += 1

    def close(self):
        self.book.save(self.target)


def sheet_title(title):
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", "", str(title))[:31] or "Sheet1"


def write_xlsx(target, title, header, rows):
    """The whole sheet: the header row, then every row (an iterator is consumed as it comes)."""
    writer = SheetWriter(target, title)
    writer.append([str(c) for c in header])
    for row in rows:
        writer.append(row)
    writer.close()
    return writer.rows - 1


def xlsx_response(title, header, rows, filename):
    """A download of one sheet; `filename` without date or extension (both are added)."""
    response = HttpResponse(content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}-{timezone.localdate():%Y%m%d}.xlsx"'
    buffer = io.BytesIO()
    write_xlsx(buffer, title, header, rows)
    response.write(buffer.getvalue())
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

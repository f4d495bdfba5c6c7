"""Issue 7 #4: exported text cells are written as text, never as live formulas."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import User
from zhicheng.excel import csv_response, xlsx_response

EVIL = ['=HYPERLINK("//e.cn","x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("evil", EVIL)
def test_the_helper_writes_formula_like_text_as_text(evil):
    response = xlsx_response("表", ["姓名", "数"], [[evil, 3], ["普通", 4]], "t")
    ws = load_workbook(io.BytesIO(response.content)).active
    cell = ws["A2"]
    assert cell.data_type == "s" and cell.value == evil
    assert ws["B2"].value == 3 and ws["A3"].value == "普通"
    assert "<f>" not in _sheet_xml(response.content)


def _sheet_xml(content):
    import zipfile

    with zipfile.ZipFile(io.BytesIO(content)) as z:
        return z.read("xl/worksheets/sheet1.xml").decode()


def test_csv_cells_are_escaped():
    response = csv_response(["姓名"], [[e] for e in EVIL] + [["正常"]], "t")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert all(r[0].startswith("'") for r in rows[1:-1]) and rows[-1] == ["正常"]


def test_the_roster_export_writes_a_hostile_name_as_text(
    client_for, users, orgs, django_capture_on_commit_callbacks
):
    from tests.applications.factories import make_application, open_item
    from zhicheng.exports import ExportJob

    item = open_item(orgs["committee_region"], users["committee_region"])
    make_application(users["applicant"], item, orgs["base_short"], submitted=True)
    User.objects.filter(pk=users["applicant"].pk).update(real_name=EVIL[0])
    client = client_for("committee_region")
    with django_capture_on_commit_callbacks(execute=True):  # the export is a Celery job (issue 14)
        assert client.post(reverse("applications:roster-export")).status_code == 302
    job = ExportJob.objects.get(owner=users["committee_region"])
    response = client.get(reverse("export-download", args=[job.pk]))
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert "<f>" not in _sheet_xml(content)
    ws = load_workbook(io.BytesIO(content)).active
    values = [c.value for row in ws.iter_rows() for c in row]
    assert EVIL[0] in values

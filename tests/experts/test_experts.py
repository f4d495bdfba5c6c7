import datetime as dt
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from accounts.models import User
from accounts.synthetic import make_id_number
from experts import importer, services
from experts.models import Expert
from filings.models import Specialty

from .factories import expert, person

pytestmark = pytest.mark.django_db


def _row(n, **over):
    spec = Specialty.objects.filter(series__code="engineering").order_by("code").first()
    row = {
        "姓名": f"导入专家{n}",
        "身份证号": make_id_number(dt.date(1972, 3, 1) + dt.timedelta(days=n), 600 + n, "650102"),
        "手机号": "13900000001",
        "系列": spec.series.name,
        "专业代码": spec.code,
        "职称级别": "正高级",
        "工作单位统一社会信用代码": "",
        "所在地区代码": "650000",
        "聘期开始": "2026-01-01",
        "聘期结束": "2028-12-31",
    }
    row.update(over)
    return row


def _xlsx(rows):
    wb = Workbook()
    ws = wb.active
    heads = [h for h, _ex in importer.COLUMNS]
    ws.append(heads)
    for r in rows:
        ws.append([r[h] for h in heads])
    buf = BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("experts.xlsx", buf.getvalue())


def test_the_template_is_all_text_cells_with_the_columns(client_for):
    resp = client_for("committee_region").get(reverse("experts:template"))
    ws = load_workbook(BytesIO(resp.content)).active
    assert [c.value for c in ws[1]][: len(importer.COLUMNS)] == [h for h, _ in importer.COLUMNS]
    assert all(c.data_type == "s" and c.number_format == "@" for c in ws[2][: len(importer.COLUMNS)])
    assert ws["B2"].value == "650102197501010016"  # the ID keeps every digit as text


def test_an_import_of_good_rows_creates_experts_and_one_account_per_id(orgs, users):
    existing = person("已注册")
    rows = [_row(1), _row(2, 身份证号=existing.id_number, 姓名=existing.real_name)]
    report = importer.import_experts(
        orgs["committee_region"], by=users["committee_region"], upload=_xlsx(rows)
    )
    assert report.imported == 2 and not report.refused
    assert Expert.objects.filter(committee=orgs["committee_region"]).count() == 2
    assert Expert.objects.get(user=existing).committee == orgs["committee_region"]  # the same account
    assert User.objects.filter(id_number=rows[0]["身份证号"]).count() == 1


def test_one_bad_row_imports_nothing_and_the_report_says_why_per_row(orgs, users, client_for):
    rows = [
        _row(1),
        _row(2, 身份证号="650102197203030010"),  # wrong check digit
        _row(3, 专业代码="99999", 聘期结束="2030-12-31"),
        _row(4, 聘期开始="2026/01/01"),
        _row(1, 姓名="重复"),
    ]
    rows[4]["身份证号"] = rows[0]["身份证号"]
    resp = client_for("committee_region").post(reverse("experts:import"), {"file": _xlsx(rows)})
    page = resp.content.decode()
    assert resp.status_code == 200 and "本次未导入任何专家" in page
    assert not Expert.objects.exists()
    report = importer.import_experts(
        orgs["committee_region"], by=users["committee_region"], upload=_xlsx(rows)
    )
    by_row = {r.row: r.errors for r in report.rows}
    assert by_row[2] == []
    assert any("校验位" in e for e in by_row[3])
    assert any("99999" in e for e in by_row[4]) and any("最长为3年" in e for e in by_row[4])
    assert any("YYYY-MM-DD" in e for e in by_row[5])
    assert any("第2行重复" in e for e in by_row[6])
    assert report.imported == 0 and not Expert.objects.exists()


def test_a_file_that_is_not_a_workbook_is_refused_with_a_message(orgs, users):
    with pytest.raises(services.ExpertsError, match="无法读取文件"):
        importer.import_experts(
            orgs["committee_region"],
            by=users["committee_region"],
            upload=SimpleUploadedFile("x.xlsx", b"nope"),
        )


def test_a_term_is_at_most_three_years_and_specialties_belong_to_the_series(orgs, users):
    spec = Specialty.objects.filter(series__code="engineering").first()
    with pytest.raises(services.ExpertsError, match="最长为3年"):
        expert(orgs["committee_region"], spec, term_start=dt.date(2026, 1, 1), term_end=dt.date(2029, 1, 2))
    other = Specialty.objects.exclude(series=spec.series).first()
    with pytest.raises(services.ExpertsError, match="不属于所选系列"):
        expert(orgs["committee_region"], spec, specialties=[spec, other])
    e = expert(orgs["committee_region"], spec, term_start=dt.date(2026, 1, 1), term_end=dt.date(2029, 1, 1))
    with pytest.raises(services.ExpertsError, match="已在本专家库"):
        expert(orgs["committee_region"], spec, user=e.user)


def test_relatives_and_employments_are_checked_by_their_numbers(orgs, users):
    spec = Specialty.objects.filter(series__code="engineering").first()
    e = expert(orgs["committee_region"], spec)
    with pytest.raises(services.ExpertsError, match="校验位"):
        services.add_relative(e, by=users["committee_region"], name="某", id_number="650102197203030010")
    with pytest.raises(services.ExpertsError):
        services.add_employment(
            e.user,
            by=users["committee_region"],
            name="某单位",
            credit_code="91650100XXXXXXXXX1",
            start=dt.date(2020, 1, 1),
        )


def test_the_expert_list_costs_the_same_for_5_and_50_experts(orgs, client_for):
    spec = Specialty.objects.filter(series__code="engineering").first()
    c = client_for("committee_region")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(reverse("experts:list")).status_code == 200
        return len(ctx)

    for _ in range(5):
        expert(orgs["committee_region"], spec)
    five = count()
    for _ in range(45):
        expert(orgs["committee_region"], spec)
    assert count() == five


def test_the_staff_adds_an_expert_through_the_form(orgs, client_for):
    spec = Specialty.objects.filter(series__code="engineering").first()
    data = {
        "real_name": "表单专家",
        "id_number": make_id_number(dt.date(1968, 8, 8), 777, "650102"),
        "phone": "13900000002",
        "series": spec.series_id,
        "specialties": [spec.pk],
        "title_level": "zhenggao",
        "region": orgs["committee_region"].region_id,
        "term_start": "2026-01-01",
        "term_end": "2028-12-31",
    }
    resp = client_for("committee_region").post(reverse("experts:create"), data)
    assert resp.status_code == 302
    e = Expert.objects.get(user__real_name="表单专家")
    assert e.status == "active" and list(e.specialties.all()) == [spec]

"""The paper set of guide 004: pre-filled from the application, blanks only for signatures/seals."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from applications import paper_set, unit_publicity
from zhicheng import documents
from zhicheng.documents import DocState

from .factories import make_application

pytestmark = pytest.mark.django_db


def text_of(doc):
    doc.refresh_from_db()
    assert doc.state == DocState.DONE, doc.error
    return "".join("".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(doc.file.read())).pages)


def fonts_of(doc):
    doc.file.seek(0)
    reader = PdfReader(io.BytesIO(doc.file.read()))
    return {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"].get("/Font", {}).values()
    }


@pytest.fixture
def app(users, orgs, item_region, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return make_application(users["applicant"], item_region, orgs["base_short"], submitted=True)


def test_publicity_and_its_result_are_filled_with_the_recorded_dates_and_the_application(
    app, users, client_for, django_capture_on_commit_callbacks
):
    unit = client_for("base_short")
    url = reverse("applications:paper-set", args=[app.pk])
    before = unit.post(url, {"kind": "publicity"}, follow=True).content.decode()
    assert "基层单位登记公示时间后才能生成" in before and documents.latest(app, paper_set.PUBLICITY) is None
    unit_publicity.record_publicity(
        app,
        by=users["base_short"],
        start=dt.date(2026, 3, 2),
        end=dt.date(2026, 3, 6),
        office="示例单位人事办公室",
        phone="0994-0000000",
        politics="拥护党的路线方针政策，遵纪守法。",
    )
    page = unit.get(url).content.decode()
    assert "2026/3/2 至 2026/3/6" in page and "含起始日，按工作日计算" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = unit.post(url, {"kind": "publicity"})
    assert response.status_code == 302
    name = users["applicant"].display_name
    publicity = text_of(documents.latest(app, paper_set.PUBLICITY))
    assert f"现对{name}同志申报工程技术系列机械电子专业高级专业技术任职资格进行公示" in publicity
    assert "公示时间从2026年3月2日起至2026年3月6日止（公示期不少于5个工作日，含起始日）" in publicity
    assert "示例单位人事办公室" in publicity and "0994-0000000" in publicity
    assert users["applicant"].id_number in publicity
    assert "示例数控机床改造项目" in publicity
    assert any("Noto-Sans-CJK-SC" in f for f in fonts_of(documents.latest(app, paper_set.PUBLICITY)))
    result = text_of(documents.latest(app, paper_set.PUBLICITY_RESULT))
    assert "于2026年3月2日至2026年3月6日在本单位公示5天（5个工作日，含起始日）" in result
    assert f"同意推荐{name}同志申报工程技术系列机械电子专业高级专业技术任职资格" in result


def test_supervisor_opinion_and_pledge(app, users, client_for, django_capture_on_commit_callbacks):
    url = reverse("applications:paper-set", args=[app.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client_for("base_short").post(url, {"kind": "supervisor_opinion"})
        client_for("applicant").post(url, {"kind": "pledge"})
    name = users["applicant"].display_name
    opinion = text_of(documents.latest(app, paper_set.SUPERVISOR_OPINION))
    assert f"经审核，同意推荐{name}同志申报工程技术系列高级职称" in opinion
    supervisor = paper_set.supervising_unit(app)
    assert supervisor is not None and supervisor.name in opinion
    pledge = text_of(documents.latest(app, paper_set.PLEDGE))
    assert "".join(paper_set.PLEDGE_TEXT.split()) in pledge
    assert name in pledge and "（承诺人）" in pledge


def test_who_may_open_and_print_the_paper_set(app, client_for, client):
    url = reverse("applications:paper-set", args=[app.pk])
    assert client_for("applicant2").get(url).status_code == 404
    assert client.get(url).status_code == 302
    owner_page = client_for("applicant").get(url)
    assert [p["kind"] for p in owner_page.context["papers"]] == ["pledge"]
    refused = client_for("applicant").post(url, {"kind": "supervisor_opinion"}, follow=True)
    assert "不能打印" in refused.content.decode()
    assert documents.latest(app, paper_set.SUPERVISOR_OPINION) is None


def test_working_days_skip_weekends_and_regional_holidays():
    assert paper_set.publicity_end_for(dt.date(2026, 3, 6)) == dt.date(2026, 3, 12)  # Fri → Thu
    assert paper_set.working_days_between(dt.date(2026, 3, 2), dt.date(2026, 3, 6)) == 5
    # 2025-03-31 is 肉孜节 in Xinjiang (a regional row of the platform calendar): one day later there
    assert paper_set.publicity_end_for(dt.date(2025, 3, 26)) == dt.date(2025, 4, 1)
    assert paper_set.publicity_end_for(dt.date(2025, 3, 26), region="650000") == dt.date(2025, 4, 2)

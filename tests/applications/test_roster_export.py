"""The 花名册 export: a job on Celery, a progress page, a download link; streamed, formula-safe."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from applications.models import Application
from applications.roster import ROSTER_COLUMNS, roster_queryset, roster_row, roster_rows
from applications.scale import seed_scale
from zhicheng.excel import SheetWriter
from zhicheng.exports import ExportJob

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(cast):
    seed_scale(120, seed=9)
    return cast


def test_the_export_runs_as_a_job_and_the_owner_downloads_every_roster_row(
    seeded, client_for, django_capture_on_commit_callbacks
):
    client = client_for("committee_region")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("applications:roster-export"), {"year": "2024"})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("export-status", args=[job.pk])
    assert job.params == {"year": "2024"} and job.state == ExportJob.State.DONE  # eager in tests
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "下载Excel" in page.content.decode()
    download = client.get(reverse("export-download", args=[job.pk]))
    assert download.status_code == 200
    ws = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    rows = list(ws.iter_rows(values_only=True))
    _form, qs = roster_queryset(seeded["users"]["committee_region"], {"year": "2024"})
    expected = qs.count()
    assert expected > 0 and job.done == expected and len(rows) == expected + 1
    assert list(rows[0]) == [str(c) for c in ROSTER_COLUMNS]
    assert {r[4] for r in rows[1:]} == {2024}


def test_streamed_rows_say_what_the_page_rows_say(seeded):
    user = seeded["users"]["committee_region"]
    _form, qs = roster_queryset(user, {})
    page_rows = [roster_row(i, a) for i, a in enumerate(qs.for_list(), start=1)]
    streamed = list(roster_rows(qs))
    assert len(streamed) == len(page_rows) == qs.count()
    for a, b in zip(page_rows, streamed, strict=True):
        assert [str(v) for v in a] == [str(v) for v in b]


def test_a_running_export_shows_its_progress_and_refreshes(seeded, client_for):
    user = seeded["users"]["committee_region"]
    job = ExportJob.objects.create(
        kind="roster", title="审核情况花名册", owner=user, state="rendering", done=40, total=80
    )
    html = client_for("committee_region").get(reverse("export-status", args=[job.pk])).content.decode()
    assert 'value="50"' in html and "已导出 40 / 80 行" in html and "documents/progress.js" in html
    assert client_for("committee_region").get(reverse("export-download", args=[job.pk])).status_code == 404


def test_export_permissions_per_role(seeded, client, client_for, django_capture_on_commit_callbacks):
    owner = seeded["users"]["committee_region"]
    url = reverse("applications:roster-export")
    assert client.post(url).status_code == 302 and "login" in client.post(url)["Location"]  # anonymous
    assert client_for("applicant").post(url).status_code == 404  # no roster
    assert client_for("base_short").post(url).status_code == 404  # base units have no roster
    assert client_for("committee_region").get(url).status_code == 405  # a job is started by POST only
    assert client_for("dept").post(url).status_code == 302  # supervisors export what passed them
    with django_capture_on_commit_callbacks(execute=True):
        client_for("committee_region").post(url)
    job = ExportJob.objects.get(owner=owner)
    assert job.state == ExportJob.State.DONE and job.file
    for name in ("export-status", "export-download"):
        job_url = reverse(name, args=[job.pk])
        assert client.get(job_url).status_code == 302  # anonymous → login
        assert client_for("committee_changji").get(job_url).status_code == 404  # another user's job
        assert client_for("committee_region").get(job_url).status_code == 200


def test_cells_that_look_like_formulas_stay_text_in_the_streamed_workbook(tmp_path):
    path = str(tmp_path / "t.xlsx")
    sheet = SheetWriter(path, "t")  # a path: the constant-memory mode the exports use
    sheet.append(['=HYPERLINK("x")', "+1", "-2", "@a", "张三", 5])
    sheet.close()
    with open(path, "rb") as fh:
        content = fh.read()
    cells = next(load_workbook(io.BytesIO(content)).active.iter_rows())
    assert [c.value for c in cells] == ['=HYPERLINK("x")', "+1", "-2", "@a", "张三", 5]
    assert [c.data_type for c in cells] == ["s", "s", "s", "s", "s", "n"]
    assert all(c.quotePrefix for c in cells[:4]) and not cells[4].quotePrefix
    import zipfile

    with zipfile.ZipFile(io.BytesIO(content)) as z:
        assert "<f>" not in z.read("xl/worksheets/sheet1.xml").decode()


def test_a_job_over_its_time_limit_is_recorded_as_failed(seeded, monkeypatch):
    from celery.exceptions import SoftTimeLimitExceeded

    from zhicheng import exports, tasks

    def too_slow(job):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(exports, "write_export", too_slow)
    job = ExportJob.objects.create(
        kind="roster", title="审核情况花名册", owner=seeded["users"]["committee_region"]
    )
    assert tasks.run_export.apply(args=[job.pk]).get() == "timeout"
    job.refresh_from_db()
    assert job.state == ExportJob.State.FAILED and "超时" in job.error
    assert tasks.run_export.app.tasks["zhicheng.tasks.run_export"].time_limit > 0


def test_the_roster_page_offers_the_export_with_the_current_filters(seeded, client_for):
    html = (
        client_for("committee_region").get(reverse("applications:roster"), {"year": "2023"}).content.decode()
    )
    assert 'action="/applications/roster/export/"' in html and 'name="year" value="2023"' in html
    assert Application.objects.exists()

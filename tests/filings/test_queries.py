"""我的备案 and the office queue: the number of queries does not grow with the number of filings."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from filings.models import Filing

pytestmark = pytest.mark.django_db
BUDGET = 14


def _copy(filing, n, start=0):
    """n more submitted filings like `filing` (bulk: the chain rows are not needed for the lists)."""
    Filing.objects.bulk_create(
        [
            Filing(
                committee=filing.committee,
                created_by=filing.created_by,
                title=f"{filing.title}-{start + i}",
                work_year=filing.work_year,
                level=filing.level,
                serial_no=f"B{filing.pk}-{start + i:05d}",
                state=filing.state,
                current_org=filing.current_org,
                current_label=filing.current_label,
                submitted_at=filing.submitted_at,
            )
            for i in range(n)
        ]
    )


def _count(client, url):
    client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as ctx:
        resp = client.get(url)
    assert resp.status_code == 200
    return len(ctx.captured_queries), resp.content.decode()


@pytest.mark.parametrize(
    ("who", "url", "marker"),
    [
        ("committee_changji", "filings:mine", "查看详情"),
        ("office_changji", "filings:queue", ">办理<"),
    ],
)
def test_list_queries_are_the_same_at_5_and_200_filings(make_filing, client_for, who, url, marker):
    filing = make_filing(submitted=True)
    _copy(filing, 4)
    c = client_for(who)
    small, html = _count(c, reverse(url))
    assert html.count(marker) == 5
    _copy(filing, 195, start=4)
    large, html = _count(c, reverse(url))
    assert html.count(marker) == 15 and "共 200 条" in html
    assert small == large <= BUDGET

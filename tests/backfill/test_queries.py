"""List pages: the number of queries does not grow with rows (5 vs 50 forms / title records)."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from backfill.models import Backfill
from filings.models import Qualification
from filings.titles import TitleRecord
from zhicheng.workflow import ChainState, ChainStep

pytestmark = pytest.mark.django_db


def _bulk(n, person, unit, reference):
    quals = list(
        Qualification.objects.exclude(pk__in=Backfill.objects.values("qualification")).order_by("pk")[:n]
    )
    now = timezone.now()
    made = Backfill.objects.bulk_create(
        Backfill(
            person=person,
            base_unit=unit,
            method="review",
            area="region",
            committee=reference["committee"],
            issuing_unit=reference["unit"],
            qualification=q,
            granted_on=dt.date(2005, 1, 1),
            certificate_no="1",
            approval_prefix="新经信人事",
            approval_year=2006,
            approval_seq="1号",
            approval_name="示例",
            notice_url="https://example.gov.cn/",
            state=ChainState.IN_REVIEW,
            current_org=unit,
            current_label="基层工作单位",
            chain_round=1,
            submitted_at=now,
        )
        for q in quals
    )
    ct = ContentType.objects.get_for_model(Backfill)
    ChainStep.objects.bulk_create(
        ChainStep(
            content_type=ct,
            object_id=b.pk,
            seq=1,
            position=1,
            node_label="基层工作单位",
            organisation=unit,
            started_at=now,
        )
        for b in made
    )
    TitleRecord.objects.bulk_create(
        TitleRecord(
            person=person, qualification=q, method="review", granted_on=dt.date(2005, 1, 1), source="backfill"
        )
        for q in quals
    )


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "who, url_name",
    [
        ("base_short", "backfill:queue"),
        ("base_short", "backfill:roster"),
        ("base_short", "backfill:roster-export"),
        ("dept", "backfill:queue"),
        ("applicant", "backfill:home"),
        ("applicant", "backfill:titles"),
    ],
)
def test_list_pages_use_the_same_number_of_queries_at_5_and_50_rows(
    who, url_name, users, orgs, reference, client_for
):
    client = client_for(who)
    _bulk(5, users["applicant"], orgs["base_short"], reference)
    few = _count(client, reverse(url_name))
    _bulk(45, users["applicant"], orgs["base_short"], reference)
    assert Backfill.objects.count() == 50
    many = _count(client, reverse(url_name))
    assert many == few, f"{url_name}: {few} queries at 5 rows, {many} at 50"

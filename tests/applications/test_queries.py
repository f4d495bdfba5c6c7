"""List pages: the number of queries does not grow with rows (10 vs 500 applications)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import Application
from zhicheng.workflow import ChainState

pytestmark = pytest.mark.django_db


def _bulk(n, applicant, item, unit, state):
    start = Application.objects.count()
    Application.objects.bulk_create(
        Application(
            applicant=applicant,
            number=f"RSSQ9{start + i:07d}",
            year=1000 + start + i,
            application_type="review",
            qualification=item.qualification,
            filing_item=item,
            committee=item.filing.committee,
            base_unit=unit,
            state=state,
            current_org=unit if state == ChainState.IN_REVIEW else None,
            chain_round=1,
            current_label="基层工作单位",
        )
        for i in range(n)
    )


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "who, url_name, state",
    [
        ("base_long", "applications:queue", ChainState.IN_REVIEW),
        ("applicant2", "applications:mine", ChainState.DRAFT),
        ("committee_region", "applications:roster", ChainState.IN_REVIEW),
    ],
)
def test_list_pages_use_the_same_number_of_queries_at_10_and_500_rows(
    who, url_name, state, users, orgs, item_region, client_for
):
    client = client_for(who)
    url = reverse(url_name)
    _bulk(10, users["applicant2"], item_region, orgs["base_long"], state)
    client.get(url)  # warm the per-process caches (content types, reference choices)
    small = _count(client, url)
    _bulk(490, users["applicant2"], item_region, orgs["base_long"], state)
    large = _count(client, url)
    assert large == small, (small, large)
    assert small <= 25

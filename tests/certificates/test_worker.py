"""The certificate batch through a real Celery worker on Redis."""

import datetime as dt
import time

import pytest

from certificates import services, signing
from certificates.models import IssueBatch

from .conftest import make_passed

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.celery]


def test_an_approved_approval_is_issued_by_the_worker_with_progress(celery_worker_real, orgs, users):
    from tests.applications.factories import open_item

    item = open_item(orgs["committee_region"], users["committee_region"])
    apps = make_passed(item, 4)
    approval = services.draft_approval(
        orgs["committee_region"],
        by=users["committee_region"],
        filing=item.filing,
        application_ids=[a.pk for a in apps],
        granted_on=dt.date(2026, 7, 1),
    )
    services.submit_approval(approval, by=users["committee_region"])
    approval.refresh_from_db()
    services.approve_approval(approval, by=users["office_region"], expected_step_id=approval.current_step_id)
    batch = IssueBatch.objects.get(approval=approval)
    assert batch.total == 4
    seen = set()
    deadline = time.monotonic() + 120
    while batch.state != IssueBatch.State.DONE and time.monotonic() < deadline:
        seen.add(batch.done)
        time.sleep(0.2)
        batch.refresh_from_db()
    assert batch.state == IssueBatch.State.DONE, (batch.state, batch.error)
    assert batch.done == 4 and batch.task_id
    certs = list(approval.certificates.all())
    assert len(certs) == 4
    for c in certs:
        with c.pdf.open("rb") as fh:
            assert signing.validate_pdf(fh.read())[0]
    approval.refresh_from_db()
    assert approval.pdf

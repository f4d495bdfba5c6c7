"""Two committees sharing one 批文号 prefix draft at the same moment: the locked counter gives
them different serials (first the race without the lock is shown to be real)."""

import datetime as dt
import threading

import pytest
from django.db import connection

from certificates import services
from certificates.models import Approval, ApprovalSetting
from filings.models import SerialCounter

from .conftest import make_passed

pytestmark = pytest.mark.django_db(transaction=True)


def _run_together(*fns):
    barrier = threading.Barrier(len(fns))
    errors, results = [], []

    def run(fn):
        try:
            barrier.wait()
            results.append(fn())
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(fn,)) for fn in fns]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results, errors


def test_two_committees_drafting_at_once_get_different_numbers(orgs, users):
    from tests.applications.factories import open_item

    item_a = open_item(orgs["committee_region"], users["committee_region"])
    item_b = open_item(orgs["committee_changji"], users["committee_changji"])
    for key in ("committee_region", "committee_changji"):
        ApprovalSetting.objects.create(committee=orgs[key], prefix="新人社职")
    apps_a = make_passed(item_a, 1, start=0)
    apps_b = make_passed(item_b, 1, start=50)

    def draft(committee_key, item, apps):
        return lambda: (
            services.draft_approval(
                orgs[committee_key],
                by=users[committee_key],
                filing=item.filing,
                application_ids=[a.pk for a in apps],
                granted_on=dt.date(2026, 7, 1),
            ).number
        )

    for _round in range(3):
        results, errors = _run_together(
            draft("committee_region", item_a, make_passed(item_a, 1, start=100 + _round)),
            draft("committee_changji", item_b, make_passed(item_b, 1, start=200 + _round)),
        )
        assert not errors, errors
    numbers = list(Approval.objects.values_list("number", flat=True))
    assert len(numbers) == 6 == len(set(numbers))
    assert SerialCounter.objects.get(key="approval:新人社职:2026").value == 6
    assert sorted(Approval.objects.values_list("serial", flat=True)) == [1, 2, 3, 4, 5, 6]
    del apps_a, apps_b


def test_without_the_lock_the_same_serial_is_read_twice(orgs):
    """The race is real: two transactions reading the counter without select_for_update."""
    SerialCounter.objects.create(key="race", value=0)
    seen = []
    barrier = threading.Barrier(2)

    def unlocked():
        from django.db import transaction

        with transaction.atomic():
            value = SerialCounter.objects.get(key="race").value
            barrier.wait()
            seen.append(value + 1)
            SerialCounter.objects.filter(key="race").update(value=value + 1)

    results, errors = _run_together(unlocked, unlocked)
    assert not errors
    assert seen == [1, 1]

"""Issue 9 item 6: two accepted filings must not open the same qualification in the same year
with overlapping windows. The office sees the overlap when reviewing, the committee on step 7,
and 接收 is refused with a message that names it."""

import datetime as dt

import pytest
from django.urls import reverse

from filings.services import FilingError, accept_filing
from zhicheng.workflow import ChainState

from .factories import office_user_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def first(make_filing):
    return make_filing(accepted=True)


def test_an_overlapping_second_filing_is_shown_and_refused(first, make_filing, client_for):
    second = make_filing(submitted=True)
    office = office_user_for(second)
    page = client_for("office_changji").get(reverse("filings:review", args=[second.pk])).content.decode()
    assert "申报时间重叠" in page and first.title in page and first.serial_no in page
    with pytest.raises(FilingError) as exc:
        accept_filing(second, by=office, expected_step_id=second.current_step_id)
    assert "不能接收" in str(exc.value) and first.title in str(exc.value) and "机械电子专业" in str(exc.value)
    second.refresh_from_db()
    assert second.state == ChainState.IN_REVIEW  # nothing happened
    # through the page: the message, the filing still waiting
    response = client_for("office_changji").post(
        reverse("filings:accept", args=[second.pk]),
        {"expected_step": second.current_step_id, "confirm": "1"},
        follow=True,
    )
    assert "不能接收" in response.content.decode()
    second.refresh_from_db()
    assert second.state == ChainState.IN_REVIEW


def test_the_committee_sees_the_overlap_before_submitting(first, make_filing, client_for):
    draft = make_filing()
    page = client_for("committee_changji").get(reverse("filings:step", args=[draft.pk, 7])).content.decode()
    assert "申报时间重叠" in page and first.title in page


def test_windows_that_do_not_meet_are_accepted(first, make_filing):
    second = make_filing(submitted=True)
    later = first.items.order_by("-apply_end").first().apply_end + dt.timedelta(days=1)
    second.items.update(apply_start=later, apply_end=later + dt.timedelta(days=10))
    accept_filing(second, by=office_user_for(second), expected_step_id=second.current_step_id)
    second.refresh_from_db()
    assert second.state == ChainState.ACCEPTED


def test_another_year_does_not_count(first, make_filing):
    other_year = make_filing(submitted=True, work_year=first.work_year + 1)
    accept_filing(other_year, by=office_user_for(other_year), expected_step_id=other_year.current_step_id)
    other_year.refresh_from_db()
    assert other_year.state == ChainState.ACCEPTED

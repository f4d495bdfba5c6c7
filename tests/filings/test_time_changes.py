"""Issue 9 item 8: 设置时间 on the committee home shows the times of the accepted filings; a
change after acceptance is a request to the title office on the chain machinery, the old window
stays in force until it is accepted, and everyone sees which times are in force."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from filings import plan_times
from filings.models import PlanTimeChange
from filings.services import FilingError, window_for
from zhicheng.audit import AuditEntry
from zhicheng.workflow import ChainState

from .factories import office_user_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(make_filing):
    return make_filing(accepted=True)


@pytest.fixture
def item(accepted):
    return accepted.items.order_by("pk").first()


def _new_times(item, shift=5):
    d = dt.timedelta(days=shift)
    return {
        "start": item.apply_start + d,
        "end": item.apply_end + d,
        "meeting": item.meeting_date + d,
        "approval": item.approval_date + d,
    }


def _request(item, users, **kw):
    return plan_times.request_time_change(
        item, by=users["committee_changji"], reason="会议场地调整", **{**_new_times(item), **kw}
    )


def test_a_request_travels_to_the_office_and_the_old_window_stays_in_force(item, users, orgs):
    old = (item.apply_start, item.apply_end)
    change = _request(item, users)
    assert change.state == ChainState.IN_REVIEW and change.current_org == item.filing.target_office()
    item.refresh_from_db()
    assert (item.apply_start, item.apply_end) == old  # nothing changed yet
    assert window_for(item.pk).start == old[0]
    assert change.steps.filter(action="submitted").count() == 1  # a ChainStep row of its own
    with pytest.raises(FilingError, match="待审核"):
        _request(item, users, end=item.apply_end + dt.timedelta(days=9))


def test_accepting_puts_the_new_times_in_force(item, users):
    change = _request(item, users)
    new = _new_times(item)
    plan_times.accept_time_change(change, by=office_user_for(change), expected_step_id=change.current_step_id)
    item.refresh_from_db()
    change.refresh_from_db()
    assert change.state == ChainState.ACCEPTED
    assert (item.apply_start, item.apply_end, item.meeting_date) == (new["start"], new["end"], new["meeting"])
    assert change.old_apply_start == new["start"] - dt.timedelta(days=5)
    assert AuditEntry.objects.filter(action="filings.filing.times_changed").count() == 1


def test_returning_keeps_the_old_times(item, users):
    old = item.apply_start
    change = _request(item, users)
    plan_times.return_time_change(
        change, by=office_user_for(change), expected_step_id=change.current_step_id, opinion="理由不充分"
    )
    item.refresh_from_db()
    change.refresh_from_db()
    assert change.state == ChainState.RETURNED and item.apply_start == old
    _request(item, users)  # the committee may ask again


def test_a_request_that_would_overlap_another_accepted_filing_is_refused(item, make_filing, users):
    other = make_filing(accepted=False, submitted=True)
    other.items.update(
        apply_start=item.apply_end + dt.timedelta(days=30), apply_end=item.apply_end + dt.timedelta(days=40)
    )
    from filings.services import accept_filing

    accept_filing(other, by=office_user_for(other), expected_step_id=other.current_step_id)
    with pytest.raises(FilingError, match="重叠"):
        _request(
            item,
            users,
            end=item.apply_end + dt.timedelta(days=35),
            meeting=item.apply_end + dt.timedelta(days=50),
            approval=item.apply_end + dt.timedelta(days=60),
        )
    assert not PlanTimeChange.objects.exists()


def test_the_pages_show_which_times_are_in_force(item, users, client_for):
    committee = client_for("committee_changji")
    home = committee.get(reverse("accounts:home")).content.decode()
    assert home.count("常用功能") == 1  # the heading once
    assert (
        reverse("filings:times") in home and reverse("filings:create") not in home.split("设置时间")[0][-200:]
    )
    url = reverse("filings:time-change-new", args=[item.pk])
    data = {
        "apply_start": (item.apply_start + dt.timedelta(days=5)).isoformat(),
        "apply_end": (item.apply_end + dt.timedelta(days=5)).isoformat(),
        "meeting_date": (item.meeting_date + dt.timedelta(days=5)).isoformat(),
        "approval_date": (item.approval_date + dt.timedelta(days=5)).isoformat(),
        "reason": "会议场地调整",
    }
    confirm = committee.post(url, data).content.decode()
    assert "审核通过前仍按现行时间执行" in confirm and not PlanTimeChange.objects.exists()
    assert committee.post(url, {**data, "confirm": "1"}).status_code == 302
    change = PlanTimeChange.objects.get()
    page = committee.get(reverse("filings:times")).content.decode()
    s = item.apply_start
    assert f"{s.year}/{s.month}/{s.day}" in page and "生效中" in page and "未生效" in page
    office = client_for("office_changji")
    queue = office.get(reverse("filings:time-change-queue")).content.decode()
    assert reverse("filings:time-change-review", args=[change.pk]) in queue
    review = office.get(reverse("filings:time-change-review", args=[change.pk])).content.decode()
    assert "现行（生效中）" in review and "会议场地调整" in review
    confirm = office.get(reverse("filings:time-change-accept", args=[change.pk])).content.decode()
    assert "确定同意吗" in confirm
    office.post(
        reverse("filings:time-change-accept", args=[change.pk]),
        {"expected_step": change.current_step_id, "confirm": "1"},
    )
    item.refresh_from_db()
    assert item.apply_start == s + dt.timedelta(days=5)


def test_who_may_open_the_time_pages(item, users, client_for):
    change = _request(item, users)
    review = reverse("filings:time-change-review", args=[change.pk])
    new = reverse("filings:time-change-new", args=[item.pk])
    accept = reverse("filings:time-change-accept", args=[change.pk])
    send_back = reverse("filings:time-change-return", args=[change.pk])
    for url in (
        reverse("filings:times"),
        new,
        reverse("filings:time-change-queue"),
        review,
        accept,
        send_back,
    ):
        response = Client().get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    assert client_for("committee_changji").get(reverse("filings:times")).status_code == 200
    assert client_for("committee_changji").get(new).status_code == 200
    assert client_for("committee_region").get(new).status_code == 404  # another committee's item
    assert client_for("applicant").get(reverse("filings:times")).status_code == 404
    assert client_for("committee_changji").get(review).status_code == 404  # not an office
    assert client_for("office_changji").get(review).status_code == 200
    assert client_for("office_region").get(review).status_code == 404  # not routed there
    assert client_for("office_region").get(accept).status_code == 404
    assert client_for("office_region").post(send_back, {"opinion": "x"}).status_code == 404
    assert client_for("committee_changji").post(accept).status_code == 404
    assert client_for("office_changji").get(accept).status_code == 200  # the confirm step
    change.refresh_from_db()
    assert change.state == ChainState.IN_REVIEW  # no GET or refused POST changed anything


@pytest.mark.parametrize("n", [5, 50])
def test_the_times_page_and_queue_keep_a_query_budget(
    make_filing, reviewable, users, client_for, django_assert_max_num_queries, n
):
    from filings.models import FilingQualification, Qualification

    filing = make_filing(accepted=True)
    first = filing.items.first()
    FilingQualification.objects.bulk_create(
        FilingQualification(
            filing=filing,
            qualification=q,
            apply_start=first.apply_start,
            apply_end=first.apply_end,
            meeting_date=first.meeting_date,
            approval_date=first.approval_date,
        )
        for q in Qualification.objects.exclude(pk__in=filing.items.values("qualification_id"))[:n]
    )
    assert filing.items.count() >= n
    committee = client_for("committee_changji")
    with django_assert_max_num_queries(20):
        assert committee.get(reverse("filings:times")).status_code == 200
    office = client_for("office_changji")
    with django_assert_max_num_queries(20):
        assert office.get(reverse("filings:time-change-queue")).status_code == 200

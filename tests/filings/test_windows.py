"""The windows accepted filings open, at their edges (first and last day, Asia/Shanghai)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from accounts.constants import OrgLevel
from filings import services

pytestmark = pytest.mark.django_db

SH = ZoneInfo("Asia/Shanghai")
START, END = dt.date(2026, 8, 20), dt.date(2026, 9, 10)


def at(y, m, d, hh=0, mm=0, ss=0):
    return dt.datetime(y, m, d, hh, mm, ss, tzinfo=SH)


@pytest.fixture
def accepted(make_filing):
    filing = make_filing(qualifications=[], accepted=False)
    return filing


@pytest.fixture
def window_filing(make_filing, reviewable):
    from .factories import FilingQualificationFactory

    filing = make_filing(qualifications=[])
    FilingQualificationFactory(
        filing=filing, qualification=reviewable["mech_mid"], apply_start=START, apply_end=END
    )
    from zhicheng import workflow

    from .factories import office_user_for

    filing.serial_no = services._next_serial()
    filing.save()
    workflow.submit(filing, by=filing.created_by)
    filing.refresh_from_db()
    workflow.accept(filing, by=office_user_for(filing), expected_step_id=filing.current_step_id)
    return filing


def test_a_window_opens_at_local_midnight_of_the_first_day(window_filing):
    # 2026-08-19 16:00 UTC is 2026-08-20 00:00 in Urumqi's platform time (Asia/Shanghai)
    assert services.open_windows(at=dt.datetime(2026, 8, 19, 16, 0, tzinfo=dt.UTC))
    assert not services.open_windows(at=at(2026, 8, 19, 23, 59, 59))
    assert not services.open_windows(at=dt.datetime(2026, 8, 19, 15, 59, 59, tzinfo=dt.UTC))


def test_the_last_day_counts_to_23_59_59_local_time(window_filing):
    assert services.open_windows(at=at(2026, 9, 10, 23, 59, 59))
    assert not services.open_windows(at=at(2026, 9, 11, 0, 0, 0))
    # 16:00 UTC on the last day is already the next day in Asia/Shanghai
    assert not services.open_windows(at=dt.datetime(2026, 9, 10, 16, 0, tzinfo=dt.UTC))
    window = services.open_windows(at=at(2026, 9, 10, 12))[0]
    assert window.closes_at == at(2026, 9, 11) and window.opens_at == at(2026, 8, 20)
    assert window.days_left(at(2026, 9, 10, 12)) == 0


def test_window_for_one_item_follows_the_same_edges(window_filing):
    item = window_filing.items.get()
    assert services.window_for(item.pk, at=at(2026, 8, 20)) is not None
    assert services.window_for(item.pk, at=at(2026, 9, 11)) is None


def test_a_window_says_qualification_committee_level_region_and_deadline(window_filing, orgs):
    w = services.open_windows(at=at(2026, 9, 1))[0]
    assert w.committee == orgs["committee_changji"] and w.region == orgs["committee_changji"].region
    assert w.qualification.name == "工程师" and w.level_short == "中级" and w.deadline == END
    assert w.label == "[昌吉回族自治州][中级]机械电子专业/工程师"


def test_filings_not_accepted_open_nothing(make_filing, reviewable):
    make_filing(submitted=True)
    make_filing()
    make_filing(returned=True)
    assert services.open_windows() == [] and services.upcoming_windows() == []


def test_upcoming_windows_are_the_ones_opening_soon(window_filing):
    soon = services.upcoming_windows(at=at(2026, 8, 1), within_days=30)
    assert len(soon) == 1 and not soon[0].is_open(at(2026, 8, 1))
    assert services.upcoming_windows(at=at(2026, 6, 1), within_days=30) == []


def test_the_chosen_region_shows_the_windows_of_its_own_committees(
    window_filing, make_filing, reviewable, users, orgs
):
    from .factories import FilingQualificationFactory, office_user_for

    senior = make_filing("committee_region", qualifications=[])
    FilingQualificationFactory(
        filing=senior, qualification=reviewable["mech_senior"], apply_start=START, apply_end=END
    )
    from zhicheng import workflow

    senior.serial_no = services._next_serial()
    senior.save()
    workflow.submit(senior, by=senior.created_by)
    senior.refresh_from_db()
    workflow.accept(senior, by=office_user_for(senior), expected_step_id=senior.current_step_id)

    when = at(2026, 9, 1)
    # The rule applications use (新增申请书, the applicant's home panel): the applicant confirms a
    # 申报评审地区 and sees the windows of the committees of exactly that region.
    changji = services.open_windows(at=when, region=orgs["committee_changji"].region)
    assert [w.committee for w in changji] == [orgs["committee_changji"]]
    region_level = services.open_windows(at=when, region=orgs["committee_region"].region)
    assert [w.committee for w in region_level] == [orgs["committee_region"]]
    assert {w.committee for w in services.open_windows(at=when)} == {
        orgs["committee_changji"],
        orgs["committee_region"],
    }
    assert len(services.upcoming_windows(at=at(2026, 8, 1), within_days=30)) == 2
    assert orgs["committee_region"].level == OrgLevel.REGION

import datetime as dt

import pytest

from zhicheng.workdays import (
    CalendarDay,
    CalendarYear,
    WorkdayError,
    add_working_days,
    is_workday,
    working_days_between,
)

pytestmark = pytest.mark.django_db

D = dt.date
XINJIANG = "650000"
CHANGJI = "652300"


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (D(2023, 9, 28), D(2023, 10, 10)),  # 9/29–10/6 off, 10/7 and 10/8 are 调休 working days
        (D(2025, 9, 26), D(2025, 10, 9)),
        (D(2026, 9, 24), D(2026, 10, 8)),
        (D(2025, 6, 4), D(2025, 6, 10)),
    ],
)
def test_five_national_working_days_end_on_the_published_day(start, end):
    assert add_working_days(start, 5) == end
    assert add_working_days(start, 5, None) == end


def test_the_make_up_saturday_is_a_working_day_and_national_day_is_not():
    assert is_workday(D(2023, 10, 7)) and is_workday(D(2023, 10, 8))
    assert not is_workday(D(2023, 10, 2))


def test_the_start_day_counts_as_day_one_when_it_is_a_working_day():
    assert add_working_days(D(2025, 6, 4), 1) == D(2025, 6, 4)
    # a Saturday start: the period begins on the next working day
    assert add_working_days(D(2025, 6, 14), 1) == D(2025, 6, 16)


def test_xinjiang_counts_its_gurban_festival_as_holidays():
    assert add_working_days(D(2025, 6, 4), 5, XINJIANG) == D(2025, 6, 13)


def test_a_prefecture_and_a_county_of_xinjiang_follow_the_regional_holidays():
    assert add_working_days(D(2025, 6, 4), 5, CHANGJI) == D(2025, 6, 13)
    assert add_working_days(D(2025, 6, 4), 5, "652301") == D(2025, 6, 13)
    assert not is_workday(D(2025, 3, 31), XINJIANG)
    assert is_workday(D(2025, 3, 31))  # a Monday elsewhere


def test_a_region_object_is_accepted(cast):
    from accounts.models import Region

    region = Region.objects.get(code=XINJIANG)
    assert add_working_days(D(2025, 6, 4), 5, region) == D(2025, 6, 13)


def test_every_seeded_entry_names_its_source():
    rows = CalendarDay.objects.filter(region_code=XINJIANG, date__year=2025)
    assert rows.count() == 8
    assert all(r.source for r in rows)
    assert {r.name for r in rows} == {"肉孜节", "古尔邦节"}


def test_counting_into_a_year_without_a_published_calendar_is_refused():
    with pytest.raises(WorkdayError, match="2027年的节假日安排尚未发布"):
        add_working_days(D(2026, 12, 28), 10)
    with pytest.raises(WorkdayError, match="2027"):
        is_workday(D(2027, 3, 1))


def test_a_later_year_entered_in_the_table_is_counted():
    CalendarYear.objects.create(year=2027, source="国务院办公厅关于2027年部分节假日安排的通知")
    CalendarDay.objects.create(date=D(2027, 1, 1), name="元旦", source="同上")
    # 2026-12-31 is a Thursday; 2027-01-01 (Friday) is a holiday from the table
    assert add_working_days(D(2026, 12, 31), 2) == D(2027, 1, 4)


def test_a_regional_workday_entry_overrides_a_national_holiday():
    CalendarDay.objects.create(
        date=D(2025, 10, 1), region_code=CHANGJI, is_workday=True, name="测试", source="测试"
    )
    assert is_workday(D(2025, 10, 1), CHANGJI)
    assert not is_workday(D(2025, 10, 1), XINJIANG)


def test_working_days_between_counts_both_ends():
    assert working_days_between(D(2025, 6, 4), D(2025, 6, 13), XINJIANG) == 5
    assert working_days_between(D(2025, 6, 4), D(2025, 6, 10)) == 5

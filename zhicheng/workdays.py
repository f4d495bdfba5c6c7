"""One working-day calendar for the whole platform (公示 periods, 批文 deadlines …).

A day's status is decided, most specific first, by:
  1. a `CalendarDay` row of the region (or of a region above it) — e.g. Xinjiang's 肉孜节 / 古尔邦节;
  2. a national `CalendarDay` row (region_code empty) — corrections and later years;
  3. chinesecalendar (national holidays and 调休 make-up days, published by 国务院办公厅);
  4. Monday–Friday, but only in a year declared published by a `CalendarYear` row.
Counting into a year that none of these covers is refused (WorkdayError): a period is never
silently counted as plain weekdays. The convention everywhere: 含起始日, 工作日 — the start day is
day 1 when it is a working day.

Who depends on this: the 公示 periods (meetings), the base-unit 公示 check (applications).
"""

import datetime as dt

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .errors import PlatformError

CONVENTION = gettext_lazy("含起始日，按工作日计算")

# Seeded by zhicheng/migrations/0002 and put back after a flush by the reference loader below.
SEED_DAYS = [
    # (region_code, date, is_workday, name, source)
    *(
        (
            "650000",
            dt.date(2025, 3, d),
            False,
            "肉孜节",
            "新疆维吾尔自治区人民政府办公厅 2025年肉孜节放假通知",
        )
        for d in (29, 30, 31)
    ),
    *(
        (
            "650000",
            dt.date(2025, 6, d),
            False,
            "古尔邦节",
            "新疆维吾尔自治区人民政府办公厅 2025年古尔邦节放假通知",
        )
        for d in (6, 7, 8, 9, 10)
    ),
]


class WorkdayError(PlatformError):
    """A period that cannot be counted (no published calendar); the message is shown as is."""


class CalendarDay(models.Model):
    """One day whose status differs from what chinesecalendar / the weekday rule says."""

    date = models.DateField(gettext_lazy("日期"), db_index=True)
    region_code = models.CharField(
        gettext_lazy("适用地区代码"),
        max_length=6,
        blank=True,
        help_text=gettext_lazy("行政区划代码；留空表示全国。650000 适用于新疆全区（含各地州、县市）。"),
    )
    is_workday = models.BooleanField(
        gettext_lazy("工作日"), default=False, help_text=gettext_lazy("不勾选为休息日")
    )
    name = models.CharField(
        gettext_lazy("名称"), max_length=40, help_text=gettext_lazy("如 肉孜节、调休上班")
    )
    source = models.CharField(
        gettext_lazy("来源"), max_length=200, help_text=gettext_lazy("发布的通知或文件")
    )

    class Meta:
        ordering = ["date", "region_code"]
        constraints = [models.UniqueConstraint(fields=["date", "region_code"], name="calendarday_unique")]
        verbose_name = gettext_lazy("工作日历（节假日/调休）")
        verbose_name_plural = gettext_lazy("工作日历（节假日/调休）")

    def __str__(self):
        kind = _("上班") if self.is_workday else _("休息")
        return f"{self.date} {self.name} {kind}"


class CalendarYear(models.Model):
    """A year whose national calendar has been published but is not (yet) in chinesecalendar:
    its holidays and 调休 days are entered as CalendarDay rows, the other days follow Mon–Fri."""

    year = models.PositiveIntegerField(gettext_lazy("年份"), unique=True)
    source = models.CharField(gettext_lazy("来源"), max_length=200)

    class Meta:
        ordering = ["year"]
        verbose_name = gettext_lazy("已发布的年度日历")
        verbose_name_plural = gettext_lazy("已发布的年度日历")

    def __str__(self):
        return str(self.year)


def _region_prefixes(region):
    """'652301' → {'', '650000', '652300', '652301'}: the codes whose entries apply there."""
    code = getattr(region, "code", region) or ""
    if not code:
        return {""}
    code = str(code)
    return {"", code[:2] + "0000", code[:4] + "00", code}


def _library_years():
    import chinese_calendar

    return set(range(min(chinese_calendar.holidays).year, max(chinese_calendar.holidays).year + 1))


class Calendar:
    """The calendar of one region, loaded per year on demand (one query per year)."""

    def __init__(self, region=None):
        self.prefixes = _region_prefixes(region)
        self._years = {}
        self._library = _library_years()
        self._published = None

    def _load(self, year):
        if year in self._years:
            return self._years[year]
        if self._published is None:
            self._published = set(CalendarYear.objects.values_list("year", flat=True))
        if year not in self._library and year not in self._published:
            raise WorkdayError(
                _("%(year)s年的节假日安排尚未发布（平台日历中没有该年度），无法按工作日计算期限。")
                % {"year": year}
            )
        rows = CalendarDay.objects.filter(date__year=year, region_code__in=self.prefixes)
        overrides = {}
        for row in sorted(rows, key=lambda r: len(r.region_code.rstrip("0"))):
            overrides[row.date] = row.is_workday  # more specific regions win (sorted last)
        self._years[year] = overrides
        return overrides

    def is_workday(self, day):
        overrides = self._load(day.year)
        if day in overrides:
            return overrides[day]
        if day.year in self._library:
            import chinese_calendar

            return chinese_calendar.is_workday(day)
        return day.weekday() < 5

    def add_working_days(self, start, n):
        if n < 1:
            raise WorkdayError(_("工作日天数至少为1。"))
        day, counted = start, 0
        while True:
            if self.is_workday(day):
                counted += 1
                if counted == n:
                    return day
            day += dt.timedelta(days=1)

    def working_days_between(self, start, end):
        """Working days from start to end, both included."""
        count, day = 0, start
        while day <= end:
            count += self.is_workday(day)
            day += dt.timedelta(days=1)
        return count


def add_working_days(start, n, region=None):
    """The last day of a period of n working days that begins on `start` (含起始日: start is
    day 1 when it is a working day). region: a Region, a 6-digit code, or None for national."""
    return Calendar(region).add_working_days(start, n)


def is_workday(day, region=None):
    return Calendar(region).is_workday(day)


def working_days_between(start, end, region=None):
    return Calendar(region).working_days_between(start, end)


def ensure_seed_days():
    """Reference loader: the seeded regional holidays exist (after a flush too)."""
    for code, day, workday, name, source in SEED_DAYS:
        CalendarDay.objects.get_or_create(
            date=day, region_code=code, defaults={"is_workday": workday, "name": name, "source": source}
        )

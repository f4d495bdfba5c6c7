"""The application windows accepted filings open — what the applications app asks: which
qualifications can be applied for now, with which committee, level, region and deadline.

The one rule: the applicant confirms a 申报评审地区 and sees the windows of the committees of
that region (open_windows(region=…)). Keep these names and signatures stable — applications
depends on them (re-exported by filings.services)."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from zhicheng.workflow import ChainState

from .constants import LEVEL_SHORT
from .models import FilingQualification


@dataclass(frozen=True)
class Window:
    """One qualification of an accepted filing, open (or opening) for applications."""

    item: FilingQualification

    @property
    def qualification(self):
        return self.item.qualification

    @property
    def committee(self):
        return self.item.filing.committee

    @property
    def filing(self):
        return self.item.filing

    @property
    def region(self):
        return self.item.filing.committee.region

    @property
    def application_type(self):
        return self.item.filing.type

    @property
    def start(self):
        return self.item.apply_start

    @property
    def deadline(self):
        return self.item.apply_end

    @property
    def level(self):
        return self.item.qualification.level

    @property
    def level_short(self):
        """初级 / 中级 / 副高 / 正高, as the platform writes [自治区][副高]机械电子专业/高级工程师."""
        return LEVEL_SHORT[self.item.qualification.level]

    @property
    def opens_at(self):
        """The first moment of the start date, Asia/Shanghai."""
        return _local_start(self.item.apply_start)

    @property
    def closes_at(self):
        """The end date counts to 23:59:59 Asia/Shanghai; this is the first moment after it."""
        return _local_start(self.item.apply_end + dt.timedelta(days=1))

    def days_left(self, at=None):
        return (self.item.apply_end - _today(at)).days

    def is_open(self, at=None):
        return self.item.apply_start <= _today(at) <= self.item.apply_end

    @property
    def label(self):
        return f"[{self.region.platform_label}][{self.level_short}]{self.qualification.specialty.name}/{self.qualification.name}"


def _local_start(day):
    tz = timezone.get_default_timezone()
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min), tz)


def _today(at=None):
    """The local date (Asia/Shanghai): a window's end date counts up to 23:59:59 local time."""
    return timezone.localdate(at) if at is not None else timezone.localdate()


def _accepted_items():
    return FilingQualification.objects.filter(
        filing__state=ChainState.ACCEPTED,
        apply_start__isnull=False,
        apply_end__isnull=False,
    ).select_related("qualification__specialty__series", "filing__committee__region__parent")


def open_windows(*, at=None, region=None, application_type=None, qualification=None):
    """Windows open at `at` (default now): apply_start <= today <= apply_end, in Asia/Shanghai."""
    today = _today(at)
    qs = _accepted_items().filter(apply_start__lte=today, apply_end__gte=today)
    if region is not None:
        qs = qs.filter(filing__committee__region=region)
    if application_type:
        qs = qs.filter(filing__type=application_type)
    if qualification is not None:
        qs = qs.filter(qualification=qualification)
    return [Window(item) for item in qs.order_by("apply_end", "pk")]


def upcoming_windows(*, at=None, within_days=60, region=None):
    """Windows that open within `within_days` days (shown as 即将开放)."""
    today = _today(at)
    qs = _accepted_items().filter(
        apply_start__gt=today, apply_start__lte=today + dt.timedelta(days=within_days)
    )
    if region is not None:
        qs = qs.filter(filing__committee__region=region)
    return [Window(item) for item in qs.order_by("apply_start", "pk")]


def window_for(filing_item_id, *, at=None):
    """The open window of one filing item, or None when it is closed or not yet open."""
    today = _today(at)
    item = _accepted_items().filter(pk=filing_item_id).first()
    if item is None or not (item.apply_start <= today <= item.apply_end):
        return None
    return Window(item)

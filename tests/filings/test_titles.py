"""Title records: the stable API backfill and certificates write to and read from."""

import datetime as dt

import pytest

from filings.constants import Level
from filings.models import Qualification
from filings.titles import TitleMethod, TitleSource, ecertified_titles_of, record_title, titles_of

pytestmark = pytest.mark.django_db


def _q(level):
    return Qualification.objects.get(specialty__name="机械电子专业", level=level)


def test_titles_of_a_person_come_oldest_first_and_only_his(users):
    me, other = users["applicant"], users["applicant2"]
    later = record_title(
        me,
        qualification=_q(Level.FUGAO),
        method=TitleMethod.REVIEW,
        granted_on=dt.date(2007, 6, 1),
        source=TitleSource.BACKFILL,
    )
    earlier = record_title(
        me,
        qualification=_q(Level.ZHONGJI),
        method=TitleMethod.REVIEW,
        granted_on=dt.date(2001, 6, 1),
        source=TitleSource.BACKFILL,
        approval_no="新经信人事【2011】3号",
    )
    record_title(
        other,
        qualification=_q(Level.ZHONGJI),
        method=TitleMethod.REVIEW,
        granted_on=dt.date(2003, 1, 1),
        source=TitleSource.BACKFILL,
    )
    assert list(titles_of(me)) == [earlier, later]
    assert earlier.title_label == "工程技术系列-机械电子专业-工程师"


def test_one_record_per_source_object_so_a_retry_does_not_duplicate(users, orgs):
    me = users["applicant"]
    source = orgs["base_short"]  # any saved row can be the source object
    kwargs = {
        "qualification": _q(Level.ZHENGGAO),
        "method": TitleMethod.REVIEW,
        "granted_on": dt.date(2019, 3, 1),
        "source": TitleSource.ECERT,
        "source_object": source,
    }
    first = record_title(me, **kwargs)
    assert record_title(me, **kwargs) == first
    assert titles_of(me).count() == 1
    assert first.source_object == source
    assert list(ecertified_titles_of(me)) == [first]

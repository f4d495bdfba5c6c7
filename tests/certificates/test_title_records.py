"""An issued e-certificate becomes the holder's title record (filings.titles, source 电子证书): it is in
the title history and it is what backfill's "already certified from 2018 on" rule reads."""

import pytest

from certificates import services
from filings.titles import TitleSource, ecertified_titles_of, titles_of

pytestmark = pytest.mark.django_db


def test_an_issued_certificate_is_one_title_record_of_its_holder(approved, passed):
    person = passed[0].applicant
    [record] = titles_of(person)
    cert = approved.certificates.get(holder=person)
    assert (record.source, record.certificate_no, record.approval_no, record.granted_on) == (
        TitleSource.ECERT,
        cert.number,
        approved.number,
        cert.granted_on,
    )
    assert record.qualification == passed[0].qualification and record.source_object == cert
    assert list(ecertified_titles_of(person)) == [record]
    for entry in approved.entries.all():  # issuing again records nothing twice
        services.issue_certificate(entry.pk)
    assert titles_of(person).count() == 1

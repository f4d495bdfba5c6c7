"""The minutes PDF through the document pipeline, and the 评审表's 评审委员会 box."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from applications import review_form
from meetings import minutes, voting
from zhicheng import documents

from .factories import Setup, members, vote_all

pytestmark = pytest.mark.django_db


def _text(doc):
    doc.refresh_from_db()
    assert doc.ready, (doc.state, doc.error)
    with doc.file.open("rb") as fh:
        data = fh.read()
    assert documents.fingerprint(data) == doc.sha256
    return (
        "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
        .replace(" ", "")
        .replace("\n", "")
    )


def test_closing_the_last_vote_renders_the_minutes_and_the_next_review_form(
    cast, django_capture_on_commit_callbacks
):
    s = Setup(cast, experts=3)
    meeting = s.opened()
    cand = meeting.candidates.get()
    a, b, c = members(meeting)
    voting.withdraw(cand, member=c, by=s.staff, reason="与申报人曾为同事", ordered=True)
    with django_capture_on_commit_callbacks(execute=True):
        vote_all(cand, ["agree", "disagree"])
        voting.close_voting(cand, by=s.staff)
    doc = documents.latest(meeting, minutes.KIND)
    text = _text(doc)
    meeting.refresh_from_db()
    for needle in (
        meeting.seed,
        meeting.seed_hash,
        "与申报人曾为同事",
        cand.application.number,
        a.expert.code,
    ):
        assert needle in text, needle
    assert "评审未通过" not in text and "未通过" in text  # 1 of 2: 3 < 4
    box = review_form.committee_box(minutes.result_for(cand.application))
    assert box["filled"] and box["conclusion"] == "评审未通过"
    assert ("实到委员", "2人") in box["lines"] and ("表决结果", "同意1票，不同意1票，弃权0票") in box["lines"]
    form_doc = documents.latest(cand.application, review_form.KIND)
    assert "同意1票，不同意1票，弃权0票" in _text(form_doc)


def test_the_minutes_are_for_committee_staff_only(cast, client_for, django_capture_on_commit_callbacks):
    s = Setup(cast, experts=2)
    meeting = s.drawn()
    staff = client_for("committee_region")
    with django_capture_on_commit_callbacks(execute=True):
        assert staff.post(reverse("meetings:minutes", args=[meeting.pk])).status_code == 302
    doc = documents.latest(meeting, minutes.KIND)
    assert staff.get(reverse("documents:download", args=[doc.pk])).status_code == 200
    assert (
        client_for("committee_changji").get(reverse("documents:download", args=[doc.pk])).status_code == 404
    )
    assert (
        client_for("committee_changji").post(reverse("meetings:minutes", args=[meeting.pk])).status_code
        == 404
    )
    assert staff.get(reverse("meetings:minutes", args=[meeting.pk])).status_code == 405

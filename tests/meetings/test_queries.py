import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .factories import Setup

pytestmark = pytest.mark.django_db


def test_the_meeting_list_and_my_tasks_cost_the_same_for_5_and_50_meetings(cast, client_for):
    s = Setup(cast, experts=1)
    staff = client_for("committee_region")

    def count(client, url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    for _ in range(5):
        s.meeting()
    five = count(staff, reverse("meetings:list"))
    for _ in range(45):
        s.meeting()
    assert count(staff, reverse("meetings:list")) == five

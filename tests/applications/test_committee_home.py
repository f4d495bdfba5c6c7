"""我的主页 of committee staff: 申请书统计 (guide 000)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.panels import committee_counts

from .factories import make_application, open_item, recommend, walk

pytestmark = pytest.mark.django_db


def test_committee_counters_count_this_years_applications_sent_to_the_committee(cast, client_for):
    """Submitted ones count in 本年度全部申请书, the ones waiting at its own step in 待审核申请书."""

    users, orgs = cast["users"], cast["orgs"]
    item = open_item(orgs["committee_region"], users["committee_region"])
    make_application(users["applicant2"], item)  # a draft is not counted
    app = make_application(users["applicant"], item, orgs["base_short"], submitted=True)
    assert committee_counts([orgs["committee_region"]], timezone.localdate().year) == {
        "total": 1,
        "reviewed": 0,
        "pending": 0,
    }
    recommend(app, users["base_short"])
    while app.current_org_id != orgs["committee_region"].pk:
        holder = app.current_org.memberships.filter(is_active=True).first().user
        app = walk(app, holder)
    page = client_for("committee_region").get(reverse("accounts:home")).content.decode()
    assert page.count('<div class="num">1</div>') == 2 and page.count('<div class="num">0</div>') == 1
    assert committee_counts([orgs["committee_changji"]], timezone.localdate().year)["total"] == 0


def test_the_committee_home_shows_each_counter_once(client_for):
    page = client_for("committee_changji").get(reverse("accounts:home")).content.decode()
    for label in ("本年度全部申请书", "已审核申请书", "待审核申请书"):
        assert page.count(label) == 1, label
    assert '<div class="num"></div>' not in page

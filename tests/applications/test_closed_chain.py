"""Issue 9 item 14: a closed application's chain is shown as it was, with the node where it
was closed — not shrunk to 申请人 → 基层工作单位."""

import pytest
from django.urls import reverse

from applications.models import Application
from filings.models import CommitteeSetting
from tests.applications.factories import recommend, send_back, walk
from zhicheng.workflow import ChainState

pytestmark = pytest.mark.django_db


def test_the_closed_chain_keeps_every_node_and_marks_where_it_ended(submitted, users, orgs, client_for):
    planned = [n.label for n in submitted.chain_nodes()]
    CommitteeSetting.objects.create(committee=orgs["committee_region"], return_limit=1)
    recommend(submitted, users["base_short"])
    app = walk(submitted, users["base_short"])  # 基层工作单位 forwards, the next node closes it
    holder = app.current_org.memberships.filter(is_active=True).first().user
    app = send_back(app, holder, reason="材料不全")
    assert app.state == ChainState.CLOSED
    nodes = Application.objects.get(pk=app.pk).chain_nodes()  # a fresh instance: steps are cached
    assert [n.label for n in nodes] == planned
    closed = [n for n in nodes if n.closed]
    assert len(closed) == 1 and closed[0].organisation == holder.memberships.first().organisation
    assert nodes[1].done and not nodes[-1].done
    html = client_for("applicant").get(reverse("applications:mine")).content.decode()
    assert "在此结束" in html
    assert html.count('class="chain-node') >= len(planned)

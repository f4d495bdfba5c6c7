"""Issue 7 #7: nobody acts on their own object at any node. Another member of the holding unit
acts; a unit whose only admin is the applicant hands the step to its supervising unit."""

import pytest
from django.urls import reverse

from accounts.models import Membership, User
from applications import services as app_services
from tests.applications.factories import make_application, open_item, recommend
from zhicheng.workflow import WorkflowError


@pytest.fixture
def item(orgs, users):
    return open_item(orgs["committee_region"], users["committee_region"])


def test_a_sole_unit_admin_s_own_application_goes_to_the_supervising_unit(users, orgs, item, client_for):
    app = make_application(users["base_short"], item, orgs["base_short"], submitted=True)
    app.refresh_from_db()
    assert app.current_org == orgs["dept"]  # base_short's only admin is the applicant himself
    assert "代办" in app.current_label
    own = client_for("base_short")
    assert not app.held_by(users["base_short"])
    r = own.post(
        reverse("applications:forward", args=[app.pk]), {"expected_step": app.current_step_id, "confirm": "1"}
    )
    app.refresh_from_db()
    assert app.current_org == orgs["dept"] and r.status_code == 409  # the stale-link page: not his to act
    recommend(app, users["dept"])
    app_services.forward_application(app, by=users["dept"], expected_step_id=app.current_step_id)
    app.refresh_from_db()
    assert app.current_step.position == 2  # the acting node is done; the chain goes on as usual
    assert app.steps.get(position=1).handler == users["dept"]


def test_with_a_second_admin_the_unit_keeps_the_step_and_the_applicant_cannot_act(users, orgs, item):
    colleague = User.objects.create_user("jx_second", password="x", real_name="第二管理员")
    Membership.objects.create(
        user=colleague, organisation=orgs["base_short"], role="base_admin", is_admin=True
    )
    app = make_application(users["base_short"], item, orgs["base_short"], submitted=True)
    app.refresh_from_db()
    assert app.current_org == orgs["base_short"]
    assert not app.held_by(users["base_short"]) and app.held_by(colleague)
    with pytest.raises(app_services.ApplicationError, match="本人"):
        app_services.forward_application(app, by=users["base_short"], expected_step_id=app.current_step_id)
    from zhicheng import workflow

    with pytest.raises(WorkflowError, match="本人"):  # the machinery refuses it too, for every chain
        workflow.forward(app, by=users["base_short"], expected_step_id=app.current_step_id)
    with pytest.raises(Exception, match="本人"):
        recommend(app, users["base_short"])
    recommend(app, colleague)
    app_services.forward_application(app, by=colleague, expected_step_id=app.current_step_id)
    app.refresh_from_db()
    assert app.current_org == orgs["dept"]


def test_other_applicants_chains_are_unchanged(users, orgs, item):
    app = make_application(users["applicant"], item, orgs["base_short"], submitted=True)
    app.refresh_from_db()
    assert app.current_org == orgs["base_short"] and app.held_by(users["base_short"])

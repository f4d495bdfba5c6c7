import pytest

from .factories import make_application, open_item


@pytest.fixture
def item_region(orgs, users):
    """An open 副高 window of the region-level committee (base_short's chain ends there)."""
    return open_item(orgs["committee_region"], users["committee_region"])


@pytest.fixture
def draft(users, orgs, item_region):
    return make_application(users["applicant"], item_region, orgs["base_short"])


@pytest.fixture
def submitted(users, orgs, item_region):
    return make_application(users["applicant"], item_region, orgs["base_short"], submitted=True)

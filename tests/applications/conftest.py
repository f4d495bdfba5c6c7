import pytest

from .factories import make_application, open_item


def reload_reference_data():
    """Transactional tests flush the tables the data migrations filled; put them back."""
    from accounts.models import Region
    from accounts.reference import load_regions
    from filings.models import Qualification, Series, Specialty
    from filings.reference import load_catalogue

    if not Region.objects.exists():
        load_regions(Region)
    if not Qualification.objects.exists():
        load_catalogue(Series, Specialty, Qualification)


@pytest.fixture(autouse=True)
def _reference_data(request):
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        request.getfixturevalue("transactional_db")
        reload_reference_data()


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

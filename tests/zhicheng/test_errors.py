"""One user-facing error type: every refusal derives from PlatformError and is not re-wrapped."""

import pytest

from zhicheng.errors import PlatformError
from zhicheng.workflow import ChainConflict

APPS = ["zhicheng", "accounts", "filings", "applications", "experts", "meetings", "backfill", "certificates"]
# errors that are not refusals shown to a user: a programming error the app must never commit
NOT_USER_FACING = {"zhicheng.audit.AppendOnlyError"}


def _product_modules():
    import importlib
    import pkgutil

    for app in APPS:
        package = importlib.import_module(app)
        yield package
        for info in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" in info.name or ".management" in info.name or info.name.endswith("bench"):
                continue
            yield importlib.import_module(info.name)


def _error_classes():
    found = {}
    for module in _product_modules():
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, Exception) and obj.__module__ == module.__name__:
                found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return found


def test_every_error_class_of_the_product_is_a_platform_error():
    errors = _error_classes()
    # the walk finds the errors of every app, not an empty list that passes by itself
    assert {
        "accounts.services.AccountsError",
        "filings.errors.FilingError",
        "applications.services.ApplicationError",
        "experts.services.ExpertsError",
        "meetings.services.MeetingError",
        "certificates.services.CertificateError",
        "backfill.services.BackfillError",
        "zhicheng.documents.DocumentError",
        "zhicheng.workdays.WorkdayError",
        "zhicheng.workflow.ChainConflict",
    } <= set(errors)
    wrong = [
        name
        for name, cls in errors.items()
        if name not in NOT_USER_FACING and not issubclass(cls, PlatformError)
    ]
    assert wrong == []
    assert errors.keys() >= NOT_USER_FACING  # the exception list names real classes


def test_a_chain_conflict_reaches_the_caller_of_a_filings_service_unwrapped(cast):
    from filings.models import Filing
    from filings.services import accept_filing
    from tests.applications.factories import qualification
    from tests.filings.factories import FilingFactory

    filing = FilingFactory(
        committee=cast["orgs"]["committee_changji"],
        created_by=cast["users"]["committee_changji"],
        qualifications=[qualification()],  # submit_filing refuses a filing without one
        submitted=True,
    )
    stale = filing.current_step_id
    accept_filing(filing, by=cast["users"]["office_changji"], expected_step_id=stale)
    with pytest.raises(ChainConflict):
        accept_filing(
            Filing.objects.get(pk=filing.pk), by=cast["users"]["office_changji"], expected_step_id=stale
        )

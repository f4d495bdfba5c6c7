"""One user-facing error type: every refusal derives from PlatformError and is not re-wrapped."""

import pytest

from accounts.services import AccountsError
from applications.paper_set import PaperSetError
from applications.services import ApplicationError
from backfill.services import BackfillError
from filings.services import FilingError
from zhicheng.errors import PlatformError
from zhicheng.workflow import ChainConflict, WorkflowError


@pytest.mark.parametrize(
    "error",
    [
        WorkflowError,
        ChainConflict,
        AccountsError,
        FilingError,
        ApplicationError,
        BackfillError,
        PaperSetError,
    ],
)
def test_every_refusal_is_a_platform_error(error):
    assert issubclass(error, PlatformError)


def test_a_chain_conflict_reaches_the_caller_of_a_filings_service_unwrapped(cast):
    from filings.models import Filing
    from filings.services import accept_filing
    from tests.filings.factories import FilingFactory

    filing = FilingFactory(
        committee=cast["orgs"]["committee_changji"],
        created_by=cast["users"]["committee_changji"],
        submitted=True,
    )
    stale = filing.current_step_id
    accept_filing(filing, by=cast["users"]["office_changji"], expected_step_id=stale)
    with pytest.raises(ChainConflict):
        accept_filing(
            Filing.objects.get(pk=filing.pk), by=cast["users"]["office_changji"], expected_step_id=stale
        )

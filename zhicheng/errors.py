"""The one user-facing error type.

Every refusal a service raises — WorkflowError (and ChainConflict) of the chain machinery,
DocumentError, WorkdayError, AccountsError, FilingError, ApplicationError, ExpertsError,
MeetingError, CertificateError, BackfillError, PaperSetError … — derives from
PlatformError, carries a Chinese message for the user, and is never wrapped into another
(tests/zhicheng/test_errors.py walks the product modules for error classes).
Views catch PlatformError alone and show str(exc) (as a message next to the form or on the page).
"""


class PlatformError(Exception):
    """A refused operation; the message is shown to the user as is."""

"""The one user-facing error type.

Every refusal a service raises — WorkflowError (and ChainConflict) of the chain machinery,
AccountsError, FilingError, ApplicationError, BackfillError, PaperSetError … — derives from
PlatformError, carries a Chinese message for the user, and is never wrapped into another.
Views catch PlatformError alone and show str(exc) (as a message next to the form or on the page).
"""


class PlatformError(Exception):
    """A refused operation; the message is shown to the user as is."""

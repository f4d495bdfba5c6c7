from zhicheng.errors import PlatformError


class FilingError(PlatformError):
    """A refused filing operation; the message is shown to the user."""

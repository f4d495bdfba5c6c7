# ChainStep lives with the machinery so every chain writes to one table; AuditEntry with audit.log.
from .audit import AuditEntry  # noqa: F401
from .workflow import ChainStep  # noqa: F401

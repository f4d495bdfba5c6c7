# ChainStep lives with the machinery so every chain writes to one table; AuditEntry with audit.log;
# Document (the PDF pipeline) lives with its API in zhicheng.documents.
from .audit import AuditEntry  # noqa: F401
from .documents import Document  # noqa: F401
from .exports import ExportJob  # noqa: F401
from .steps import ChainStep  # noqa: F401
from .workdays import CalendarDay, CalendarYear  # noqa: F401

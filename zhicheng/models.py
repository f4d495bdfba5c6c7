# ChainStep lives with the machinery so every chain writes to one table; Document (the PDF
# pipeline) lives with its API in zhicheng.documents.
from .documents import Document  # noqa: F401
from .workflow import ChainStep  # noqa: F401

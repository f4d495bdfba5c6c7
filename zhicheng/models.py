# ChainStep lives with the machinery so every chain writes to one table.
from .exports import ExportJob  # noqa: F401
from .workflow import ChainStep  # noqa: F401

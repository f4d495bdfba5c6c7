# ChainStep lives with the machinery so every chain writes to one table.
from .workflow import ChainStep  # noqa: F401

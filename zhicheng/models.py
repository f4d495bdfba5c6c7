# ChainStep lives with the machinery so every chain writes to one table.
from .workdays import CalendarDay, CalendarYear  # noqa: F401
from .workflow import ChainStep  # noqa: F401

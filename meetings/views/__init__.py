"""The meeting screens, one module per screen family; meetings/urls.py imports from the modules.
The loaders are named here too: the other view modules of the app import them from the package."""

from .common import get_meeting_for_committee, get_member_for_expert

__all__ = ["get_meeting_for_committee", "get_member_for_expert"]

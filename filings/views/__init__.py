"""The filing screens, one module per screen family; filings/urls.py imports from the modules.
The loaders and the 办理意见 label are named here too: the other view modules of the app
(views_times) import them from the package."""

from .common import OPINION, get_filing_for_committee, get_filing_for_office, get_filing_for_reader

__all__ = ["OPINION", "get_filing_for_committee", "get_filing_for_office", "get_filing_for_reader"]

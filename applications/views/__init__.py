"""The application screens, one module per screen family; applications/urls.py imports from the
modules. The loaders are named here too: the other view modules of the app (document_views,
views_publicity) import them from the package."""

from .common import holder_or_refuse, load, load_own

__all__ = ["holder_or_refuse", "load", "load_own"]

"""The application screens, one module per screen family; applications/urls.py imports from the modules."""

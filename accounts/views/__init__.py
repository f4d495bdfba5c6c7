"""The account screens, one module per screen family; accounts/urls.py imports from the modules."""

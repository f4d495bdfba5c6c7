"""Reference data (regions, the title catalogue, default section templates) must always be there.

The data migrations load it on a new database. A flush (transactional tests, `manage.py flush`)
empties every table and then emits post_migrate: the loaders registered here put the
reference data back. Each loader is idempotent and cheap when the data is present.
"""

from django.db.models.signals import post_migrate

_LOADERS = []


def register(loader):
    """loader() → None; must be idempotent (check, then load what is missing)."""
    if loader not in _LOADERS:
        _LOADERS.append(loader)


def ensure_reference_data(**kwargs):
    for loader in _LOADERS:
        loader()


def connect(app_config):
    post_migrate.connect(ensure_reference_data, sender=app_config, dispatch_uid="zhicheng-reference-data")

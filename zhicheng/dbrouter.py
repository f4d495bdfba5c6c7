"""Send the read-heavy pages (lists, search, rosters, statistics) to a read replica when one exists.

Views opt in with `using_replica()` (a context manager around the reading part) or querysets call
`.using(read_alias())` explicitly; everything else, and every write, stays on the primary. Without
DATABASE_REPLICA_URL the alias is "default" and nothing changes.
"""

import contextvars
from contextlib import contextmanager

from django.conf import settings

_reading = contextvars.ContextVar("zhicheng_replica_reads", default=False)


def read_alias():
    return "replica" if "replica" in settings.DATABASES else "default"


@contextmanager
def using_replica():
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _reading.get():
            return read_alias()
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"


def replica_view(view):
    """A read-only page (list, search, roster, statistics) whose queries may go to the replica."""
    from functools import wraps

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        with using_replica():
            return view(request, *args, **kwargs)

    return wrapped

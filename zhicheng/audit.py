"""The platform's audit trail (操作记录): append-only, hash-chained, written by every service.

Usage — inside the service's own transaction, once per change:

    from zhicheng import audit

    audit.log("filings.filing.times_changed", filing, by=user, org=filing.committee,
              changes=audit.diff(before, audit.snapshot(filing, FIELDS)))
    audit.log("accounts.unit.registered", org, by=user, data={"licence": "licence.pdf"})

- `action`: pretix-style `app.object.verb_past` (`applications.application.forwarded`).
- `obj`: the record the change belongs to (a row that is deleted keeps its entries; the entries
  of an attachment or an entry are written against the application / filing they belong to).
- `by`: the user who acted (None for the system); `org`: the organisation he acted for
  (his role is read from that membership); without `org` none is recorded.
- `changes`: {field: [old, new]} (see `snapshot` / `diff`); `data`: anything else worth keeping.

Reading: `entries_for(obj)`; the `{% audit_log obj %}` template tag shows them on a page.
Checking: `verify()` / `manage.py verify_audit` walk the chain and name the first broken entry.

Tamper evidence: each entry stores the SHA-256 of its content and of the previous entry's hash,
so editing or deleting a row breaks the chain from there on (deleting the newest rows cannot be
seen from the chain alone). The model refuses save on an existing row and delete; on PostgreSQL
a trigger (zhicheng/migrations/0002_auditentry.py) refuses UPDATE and DELETE as well.
"""

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext_lazy

# Any fixed number: every writer takes this transaction-scoped lock before reading the tail.
_PG_LOCK_KEY = 72_0508_2026


class AppendOnlyError(Exception):
    """Somebody tried to change or delete an audit entry."""


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("audit entries are never updated")

    def delete(self):
        raise AppendOnlyError("audit entries are never deleted")

    def for_object(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


class AuditEntry(models.Model):
    """One change. Foreign keys carry no database constraint and never cascade: the entry
    outlives the user, the organisation and the object it names."""

    created_at = models.DateTimeField(gettext_lazy("时间"), default=timezone.now, db_index=True)
    action = models.CharField(gettext_lazy("操作"), max_length=100, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("操作人"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_name = models.CharField(gettext_lazy("操作人"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=gettext_lazy("单位"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    organisation_name = models.CharField(gettext_lazy("单位"), max_length=100, blank=True)
    role = models.CharField(gettext_lazy("角色"), max_length=16, blank=True)
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    object_repr = models.CharField(gettext_lazy("对象"), max_length=200, blank=True)
    data = models.JSONField(gettext_lazy("内容"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    prev_hash = models.CharField(max_length=64, blank=True, editable=False)
    hash = models.CharField(max_length=64, unique=True, editable=False)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"])]
        verbose_name = gettext_lazy("操作记录")
        verbose_name_plural = gettext_lazy("操作记录")

    def __str__(self):
        return f"{self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("audit entries are never updated")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit entries are never deleted")

    def content(self):
        """What the hash covers (everything but the primary key and the hash itself)."""
        ct = self.content_type
        return {
            "created_at": self.created_at.astimezone(dt.UTC).isoformat(),
            "action": self.action,
            "actor": self.actor_id,
            "actor_name": self.actor_name,
            "organisation": self.organisation_id,
            "organisation_name": self.organisation_name,
            "role": self.role,
            "object": f"{ct.app_label}.{ct.model}" if ct else None,
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "data": self.data,
            "prev": self.prev_hash,
        }

    def compute_hash(self):
        blob = json.dumps(self.content(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    @property
    def changes(self):
        return self.data.get("changes", {}) if isinstance(self.data, dict) else {}


def _plain(value):
    """A JSON value exactly as it will read back from the database (the hash depends on it)."""
    if isinstance(value, FieldFile):
        value = value.name or ""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


def snapshot(obj, fields):
    """{field: value} of a model instance, foreign keys as ids, files as stored names."""
    out = {}
    for name in fields:
        field = obj._meta.get_field(name)
        out[name] = _plain(getattr(obj, field.attname))
    return out


def diff(before, after):
    """{field: [old, new]} for the fields whose value changed (values as JSON reads them back)."""
    before, after = _plain(before), _plain(after)
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def _who(by, org):
    if by is None or not getattr(by, "is_authenticated", False):
        return None, "", ""
    role = ""
    if org is not None:
        role = by.memberships.filter(organisation=org).values_list("role", flat=True).first() or ""
    if not role:
        role = "platform" if by.is_superuser else ("applicant" if getattr(by, "id_number", "") else "")
    # The real name, not the username: a person's username is his 身份证号, which the history
    # shown on pages must not spread (the admin still finds him through `actor`).
    return by, getattr(by, "real_name", "") or by.username, role


@transaction.atomic(savepoint=False)
def log(action, obj, *, by, org=None, changes=None, data=None):
    """Append one entry for `obj`, in the caller's transaction. Returns the entry."""
    actor, actor_name, role = _who(by, org)
    payload = dict(data or {})
    if changes:
        payload["changes"] = changes
    entry = AuditEntry(
        created_at=timezone.now(),
        action=action,
        actor=actor,
        actor_name=actor_name[:200],
        organisation=org,
        organisation_name=(org.name if org is not None else "")[:100],
        role=role,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=obj.pk if obj is not None else None,
        object_repr=str(obj)[:200] if obj is not None else "",
        data=_plain(payload),
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_KEY])
    # SQLite serialises writers itself (one write transaction at a time).
    entry.prev_hash = AuditEntry.objects.order_by("-pk").values_list("hash", flat=True).first() or ""
    entry.hash = entry.compute_hash()
    entry.save(force_insert=True)
    return entry


def entries_for(obj):
    return AuditEntry.objects.for_object(obj).order_by("-created_at", "-pk")


@dataclass
class Break:
    entry: AuditEntry
    position: int  # 1-based, in chain order
    reason: str


def verify():
    """Walk the chain oldest first; return the first broken entry as a Break, or None."""
    prev = ""
    for position, entry in enumerate(AuditEntry.objects.order_by("pk").iterator(chunk_size=2000), start=1):
        if entry.prev_hash != prev:
            return Break(entry, position, "上一条记录的哈希不符（前面的记录被删除或修改）")
        if entry.compute_hash() != entry.hash:
            return Break(entry, position, "内容与哈希不符（该记录被修改）")
        prev = entry.hash
    return None

"""The platform admin's view of the audit trail: search by person, organisation, object and
date; export what the search shows. Entries cannot be added, changed or deleted here."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import audit
from .audit import AuditEntry
from .workdays import CalendarDay, CalendarYear

EXPORT_COLUMNS = [
    ("id", _("编号")),
    ("created_at", _("时间")),
    ("action", _("操作")),
    ("actor_name", _("操作人")),
    ("organisation_name", _("单位")),
    ("role", _("角色")),
    ("object", _("对象类型")),
    ("object_id", _("对象编号")),
    ("object_repr", _("对象")),
    ("data", _("内容")),
    ("hash", _("哈希")),
]


def export_rows(queryset):
    for e in queryset.select_related("content_type").order_by("pk").iterator(chunk_size=2000):
        ct = e.content_type
        yield [
            e.pk,
            timezone.localtime(e.created_at).strftime("%Y-%m-%d %H:%M:%S"),
            e.action,
            e.actor_name,
            e.organisation_name,
            e.role,
            f"{ct.app_label}.{ct.model}" if ct else "",
            e.object_id or "",
            e.object_repr,
            e.data,
            e.hash,
        ]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "action", "actor_name", "organisation_name", "role", "object_repr"]
    list_filter = ["created_at", "content_type", "role"]
    search_fields = [
        "actor_name",
        "actor__username",
        "actor__real_name",
        "organisation_name",
        "object_repr",
        "action",
        "=object_id",
    ]
    date_hierarchy = "created_at"
    list_select_related = ["content_type"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]
    actions = ["export_csv"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        # Django offers "delete selected" by default; export is the only bulk action here.
        return {k: v for k, v in super().get_actions(request).items() if k == "export_csv"}

    @admin.action(description=_("导出所选操作记录（CSV）"), permissions=["view"])
    def export_csv(self, request, queryset):
        from .excel import csv_response

        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        return csv_response(
            [label for _key, label in EXPORT_COLUMNS], export_rows(queryset), f"audit-{stamp}"
        )


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "region_code", "name", "is_workday", "source"]
    list_filter = ["is_workday", "region_code"]
    search_fields = ["name", "source"]
    date_hierarchy = "date"


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ["year", "source"]


from .documents import Document  # noqa: E402


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    """Rendered documents, for the operator: find one by number or token, see why it failed."""

    list_display = ("kind", "number", "version", "state", "requested_at", "finished_at", "superseded_at")
    list_filter = ("kind", "state")
    search_fields = ("number", "token", "sha256")
    readonly_fields = [f.name for f in Document._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AuditedAdminMixin:
    """Edits in the Django admin are changes too: one entry per save and per delete, with the
    edited fields old → new (the admin runs each save in one transaction with the entry)."""

    def _audit_fields(self, obj, form):
        concrete = {f.name for f in obj._meta.concrete_fields}
        return [name for name in form.changed_data if name in concrete]

    def save_model(self, request, obj, form, change):
        fields = self._audit_fields(obj, form)
        old = type(obj).objects.filter(pk=obj.pk).first() if change else None
        before = audit.snapshot(old, fields) if old is not None else {}
        super().save_model(request, obj, form, change)
        verb = "admin_changed" if change else "admin_created"
        label = f"{obj._meta.app_label}.{obj._meta.model_name}.{verb}"
        audit.log(label, obj, by=request.user, changes=audit.diff(before, audit.snapshot(obj, fields)))

    def delete_model(self, request, obj):
        audit.log(f"{obj._meta.app_label}.{obj._meta.model_name}.admin_deleted", obj, by=request.user)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            audit.log(f"{obj._meta.app_label}.{obj._meta.model_name}.admin_deleted", obj, by=request.user)
        super().delete_queryset(request, queryset)

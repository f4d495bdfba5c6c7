from django.contrib import admin

from .models import Backfill, BackfillAttachment, BackfillEntry, Issuer


@admin.register(Issuer)
class IssuerAdmin(admin.ModelAdmin):
    """历史评审委员会及发证单位: kept here by the platform admin (guide 003, B.2)."""

    list_display = ["name", "kind", "area", "organisation", "is_active", "sort"]
    list_filter = ["kind", "area", "is_active"]
    list_editable = ["is_active", "sort"]
    search_fields = ["name"]


class EntryInline(admin.TabularInline):
    model = BackfillEntry
    extra = 0
    readonly_fields = ["kind", "data", "position"]
    can_delete = False


class AttachmentInline(admin.TabularInline):
    model = BackfillAttachment
    extra = 0
    readonly_fields = ["kind", "original_name", "content_type", "size", "uploaded_at"]
    exclude = ["file"]
    can_delete = False


@admin.register(Backfill)
class BackfillAdmin(admin.ModelAdmin):
    list_display = ["number", "person", "qualification", "granted_on", "state", "current_label"]
    list_filter = ["state", "method", "area"]
    search_fields = ["person__real_name", "person__id_number", "certificate_no"]
    raw_id_fields = ["person", "base_unit"]
    readonly_fields = ["state"]
    inlines = [EntryInline, AttachmentInline]

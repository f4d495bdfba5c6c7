from django.contrib import admin

from zhicheng.admin import AuditedAdminMixin

from .models import (
    CommitteeSetting,
    Filing,
    FilingAttachment,
    FilingQualification,
    Qualification,
    ReviewableQualification,
    Series,
    Specialty,
    TitleRecord,
)


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "education", "sort"]
    list_editable = ["education", "sort"]


class SubSpecialtyInline(admin.TabularInline):
    """二级专业 (guide 003, B.3): rows under a specialty, kept by the platform admin."""

    model = Specialty
    fk_name = "parent"
    fields = ["code", "name", "series"]
    extra = 1
    verbose_name = "二级专业"
    verbose_name_plural = "二级专业"


@admin.register(Specialty)
class SpecialtyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "series", "track", "parent"]
    list_filter = ["series", ("parent", admin.EmptyFieldListFilter)]
    search_fields = ["code", "name"]
    inlines = [SubSpecialtyInline]


@admin.register(Qualification)
class QualificationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "level", "is_active"]
    list_filter = ["level", "specialty__series", "is_active"]
    search_fields = ["name", "specialty__name"]


@admin.register(ReviewableQualification)
class ReviewableQualificationAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["committee", "qualification"]
    list_filter = ["committee"]
    autocomplete_fields = ["qualification"]


@admin.register(CommitteeSetting)
class CommitteeSettingAdmin(admin.ModelAdmin):
    list_display = ["committee", "return_limit"]


class FilingQualificationInline(admin.TabularInline):
    model = FilingQualification
    extra = 0


class FilingAttachmentInline(admin.TabularInline):
    model = FilingAttachment
    extra = 0
    readonly_fields = ["original_name", "size", "uploaded_at"]


@admin.register(Filing)
class FilingAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "committee", "work_year", "level", "type", "state", "serial_no"]
    list_filter = ["state", "work_year", "level", "type"]
    search_fields = ["title", "serial_no"]
    readonly_fields = ["state", "current_org", "return_count", "submitted_at", "serial_no"]
    inlines = [FilingQualificationInline, FilingAttachmentInline]


@admin.register(TitleRecord)
class TitleRecordAdmin(admin.ModelAdmin):
    list_display = ["person", "qualification", "sub_specialty", "method", "granted_on", "source"]
    list_filter = ["source", "method"]
    search_fields = ["person__real_name", "person__id_number", "certificate_no", "approval_no"]
    raw_id_fields = ["person"]

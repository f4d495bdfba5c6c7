from django.contrib import admin

from zhicheng.admin import AuditedAdminMixin

from .models import Application, Opinion, Recommendation, SeriesTemplate, TemplateSection


class TemplateSectionInline(admin.TabularInline):
    model = TemplateSection
    extra = 0


@admin.register(SeriesTemplate)
class SeriesTemplateAdmin(admin.ModelAdmin):
    """Which sections a series' 申请书 shows and which are required (guide 002, 2.6)."""

    list_display = ["name", "series"]
    inlines = [TemplateSectionInline]


@admin.register(Application)
class ApplicationAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = [
        "number",
        "applicant",
        "year",
        "qualification",
        "base_unit",
        "committee",
        "state",
        "current_label",
    ]
    list_filter = ["year", "state", "application_type"]
    search_fields = ["number", "applicant__real_name", "applicant__id_number"]
    raw_id_fields = ["applicant", "qualification", "filing_item", "committee", "base_unit"]
    readonly_fields = ["state", "number", "return_count", "current_org", "current_label", "submitted_at"]


@admin.register(Opinion)
class OpinionAdmin(admin.ModelAdmin):
    list_display = ["application", "kind", "round", "organisation", "created_at"]
    raw_id_fields = ["application", "author", "organisation"]


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ["application", "leader", "organisation", "updated_at"]
    raw_id_fields = ["application", "written_by", "organisation"]

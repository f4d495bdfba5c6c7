from django.contrib import admin

from .models import Employment, Expert, ExpertSettings, Relative


class RelativeInline(admin.TabularInline):
    model = Relative
    extra = 0


@admin.register(Expert)
class ExpertAdmin(admin.ModelAdmin):
    list_display = ["code", "user", "committee", "series", "title_level", "status", "term_end"]
    list_filter = ["status", "committee"]
    search_fields = ["code", "user__real_name", "user__id_number"]
    raw_id_fields = ["user", "employer"]
    inlines = [RelativeInline]


admin.site.register(Employment)
admin.site.register(ExpertSettings)

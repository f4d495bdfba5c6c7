from django.contrib import admin

from .workdays import CalendarDay, CalendarYear


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "region_code", "name", "is_workday", "source"]
    list_filter = ["is_workday", "region_code"]
    search_fields = ["name", "source"]
    date_hierarchy = "date"


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ["year", "source"]

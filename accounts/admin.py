from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from guardian.admin import GuardedModelAdmin

from .models import Membership, Notice, Organisation, Region, User


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent", "south_xinjiang_four"]
    list_filter = ["level", "south_xinjiang_four"]
    search_fields = ["code", "name"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]
    fk_name = "organisation"


class UserMembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fk_name = "user"
    autocomplete_fields = ["organisation"]


@admin.register(Organisation)
class OrganisationAdmin(GuardedModelAdmin):
    list_display = ["name", "short_code", "kind", "level", "region", "parent", "state", "is_active"]
    list_filter = ["kind", "level", "state", "is_active", "region"]
    search_fields = ["name", "credit_code", "short_code"]
    readonly_fields = ["state", "short_code", "return_count", "current_org", "submitted_at"]
    autocomplete_fields = ["parent", "region"]
    inlines = [MembershipInline]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "real_name", "id_number", "user_no", "phone", "is_active", "edited_at"]
    search_fields = ["username", "real_name", "id_number", "user_no", "phone"]
    fieldsets = BaseUserAdmin.fieldsets + (
        ("平台信息", {"fields": ["real_name", "id_number", "phone", "office_phone", "gender", "birth_date", "id_front", "photo"]}),
    )
    inlines = [UserMembershipInline]


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["title", "region", "published_at", "is_published"]
    list_filter = ["is_published", "region"]
    search_fields = ["title"]

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from guardian.admin import GuardedModelAdmin

from zhicheng.admin import AuditedAdminMixin

from .models import Appeal, Membership, Notice, Organisation, OutboxEmail, Region, UnitChangeRequest, User
from .services import credit_code_needs_check, handle_appeals


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
class OrganisationAdmin(AuditedAdminMixin, GuardedModelAdmin):
    list_display = [
        "name",
        "short_code",
        "kind",
        "level",
        "region",
        "parent",
        "state",
        "credit_check",
        "is_active",
    ]
    list_filter = ["kind", "level", "state", "credit_code_override", "is_active", "region"]
    search_fields = ["name", "credit_code", "short_code"]
    readonly_fields = ["state", "short_code", "return_count", "current_org", "submitted_at"]
    autocomplete_fields = ["parent", "region"]
    inlines = [MembershipInline]

    @admin.display(description=_("信用代码"), boolean=False)
    def credit_check(self, obj):
        # 早期赋码: the supervising unit can only approve after the override is ticked here.
        if credit_code_needs_check(obj):
            return _("待平台核实")
        return _("已豁免") if obj.credit_code_override else "✓"


@admin.register(User)
class UserAdmin(AuditedAdminMixin, BaseUserAdmin):
    list_display = ["username", "real_name", "id_number", "user_no", "phone", "is_active", "edited_at"]
    search_fields = ["username", "real_name", "id_number", "user_no", "phone"]
    fieldsets = BaseUserAdmin.fieldsets + (
        (
            "平台信息",
            {
                "fields": [
                    "real_name",
                    "id_number",
                    "phone",
                    "office_phone",
                    "gender",
                    "birth_date",
                    "id_front",
                    "photo",
                ]
            },
        ),
    )
    inlines = [UserMembershipInline]


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["title", "region", "published_at", "is_published"]
    list_filter = ["is_published", "region"]
    search_fields = ["title"]


@admin.register(UnitChangeRequest)
class UnitChangeRequestAdmin(admin.ModelAdmin):
    list_display = [
        "organisation",
        "old_name",
        "name",
        "contact_name",
        "contact_phone",
        "state",
        "created_at",
        "applied_at",
    ]
    list_filter = ["state"]
    search_fields = ["name", "old_name", "organisation__name"]
    readonly_fields = ["organisation", "requested_by", "state", "current_org", "created_at", "applied_at"]


@admin.register(Appeal)
class AppealAdmin(admin.ModelAdmin):
    """账号申诉: the platform admin's queue."""

    list_display = [
        "created_at",
        "real_name",
        "id_number",
        "phone",
        "email",
        "status",
        "handled_by",
        "handled_at",
    ]
    list_filter = ["status"]
    search_fields = ["real_name", "id_number", "phone", "email"]
    readonly_fields = ["created_at", "handled_by", "handled_at", "status"]
    actions = ["mark_done", "mark_rejected"]

    @admin.action(description=_("标记为已处理"))
    def mark_done(self, request, queryset):
        n = handle_appeals(queryset, by=request.user, status=Appeal.Status.DONE)
        self.message_user(request, _("已处理 %(n)s 条申诉。") % {"n": n})

    @admin.action(description=_("驳回"))
    def mark_rejected(self, request, queryset):
        n = handle_appeals(queryset, by=request.user, status=Appeal.Status.REJECTED)
        self.message_user(request, _("已驳回 %(n)s 条申诉。") % {"n": n})


@admin.register(OutboxEmail)
class OutboxEmailAdmin(admin.ModelAdmin):
    """待发邮件: what is pending, sent or given up, with the last error of each."""

    list_display = ["created_at", "kind", "to", "attempts", "next_attempt_at", "sent_at", "failed_at"]
    list_filter = ["kind", ("sent_at", admin.EmptyFieldListFilter), ("failed_at", admin.EmptyFieldListFilter)]
    search_fields = ["to", "subject"]
    readonly_fields = [f.name for f in OutboxEmail._meta.fields]

    def has_add_permission(self, request):
        return False

from django.contrib import admin

from .models import Approval, ApprovalSetting, Certificate, CertificateQuery, IssueBatch, Revocation


@admin.register(ApprovalSetting)
class ApprovalSettingAdmin(admin.ModelAdmin):
    list_display = ["committee", "prefix"]


@admin.register(Approval)
class ApprovalAdmin(admin.ModelAdmin):
    list_display = ["number", "committee", "state", "granted_on"]
    readonly_fields = ["number", "serial", "state"]
    search_fields = ["number", "title"]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "qualification", "status", "issued_at"]
    search_fields = ["number", "name"]
    list_filter = ["status"]
    readonly_fields = ["number", "token", "sha256", "pdf"]


admin.site.register(IssueBatch)
admin.site.register(Revocation)
admin.site.register(CertificateQuery)

from django.contrib import admin
from django.urls import include, path

from accounts.views import public
from zhicheng import export_views
from zhicheng.views import admin_login

admin.site.login = admin_login  # one login for the whole platform: captcha and lockout included

urlpatterns = [
    path("", public.home, name="home"),
    path("notices/<int:pk>/", public.notice_detail, name="notice-detail"),
    path("region/", public.set_region, name="set-region"),
    path("accounts/", include("accounts.urls")),
    path("filings/", include("filings.urls")),
    path("applications/", include("applications.urls")),
    path("experts/", include("experts.urls")),
    path("meetings/", include("meetings.urls")),
    path("backfill/", include("backfill.urls")),
    path("certificates/", include("certificates.urls")),
    path("exports/<int:pk>/", export_views.export_status, name="export-status"),
    path("exports/<int:pk>/status/", export_views.export_status_json, name="export-status-json"),
    path("exports/<int:pk>/download/", export_views.export_download, name="export-download"),
    path("", include("zhicheng.document_urls")),
    path("captcha/", include("captcha.urls")),
    path("admin/", admin.site.urls),
]

admin.site.site_header = "新疆专业技术人员管理平台 · 平台管理"
admin.site.site_title = "平台管理"

handler400 = "zhicheng.views.bad_request"
handler403 = "zhicheng.views.permission_denied"
handler404 = "zhicheng.views.page_not_found"
handler500 = "zhicheng.views.server_error"

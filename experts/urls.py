from django.urls import path

from . import views

app_name = "experts"

urlpatterns = [
    path("", views.expert_list, name="list"),
    path("new/", views.expert_create, name="create"),
    path("import/", views.expert_import, name="import"),
    path("import/template.xlsx", views.import_template, name="template"),
    path("<int:pk>/", views.expert_detail, name="detail"),
    path("<int:pk>/status/", views.expert_status, name="status"),
    path("<int:pk>/relatives/", views.relative_add, name="relative-add"),
    path("<int:pk>/employments/", views.employment_add, name="employment-add"),
]

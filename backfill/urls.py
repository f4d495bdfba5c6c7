from django.urls import path

from . import review_views, views

app_name = "backfill"

urlpatterns = [
    path("", views.home, name="home"),
    path("titles/", views.titles, name="titles"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", review_views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/photos/", views.photos, name="photos"),
    path("<int:pk>/files/", views.files, name="files"),
    path("<int:pk>/files/<int:att_id>/", views.attachment, name="attachment"),
    path("<int:pk>/files/<int:att_id>/view/", views.attachment_view, name="attachment-view"),
    path("<int:pk>/files/<int:att_id>/delete/", views.attachment_delete, name="attachment-delete"),
    path("<int:pk>/sections/", views.sections, name="sections"),
    path("<int:pk>/sections/<str:kind>/", views.sections, name="section"),
    path("<int:pk>/sections/<str:kind>/copy/", views.copy_rows, name="copy"),
    path("<int:pk>/entries/<int:entry_id>/delete/", views.entry_delete, name="entry-delete"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/forward/", review_views.forward, name="forward"),
    path("<int:pk>/return/", review_views.send_back, name="return"),
    path("review/", review_views.queue, name="queue"),
    path("roster/", review_views.roster, name="roster"),
    path("roster/export/", review_views.roster_export, name="roster-export"),
    path("national/", review_views.national, name="national"),
    path("national/export/", review_views.national_export, name="national-export"),
]

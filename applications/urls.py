from django.urls import path

from . import document_views, views, views_publicity

app_name = "applications"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("new/", views.new, name="new"),
    path("queue/", views.queue, name="queue"),
    path("search/", views.search, name="search"),
    path("roster/", views.roster, name="roster"),
    path("roster/export/", views.roster_export, name="roster-export"),
    path("receive/", views.receive, name="receive"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/edit/<str:kind>/", views.edit, name="edit-section"),
    path("<int:pk>/edit/<str:kind>/upload/", views.attachment_upload, name="attachment-upload"),
    path("<int:pk>/entries/<int:entry_id>/delete/", views.entry_delete, name="entry-delete"),
    path("<int:pk>/files/<int:att_id>/", views.attachment_download, name="attachment"),
    path("<int:pk>/files/<int:att_id>/delete/", views.attachment_delete, name="attachment-delete"),
    path("<int:pk>/change/", views.change, name="change"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/opinion/", views.opinion, name="opinion"),
    path("<int:pk>/recommend/", views.recommend, name="recommend"),
    path("<int:pk>/publicity/", views_publicity.publicity, name="publicity"),
    path("<int:pk>/publicity/<str:which>/", views_publicity.publicity_file, name="publicity-file"),
    path("<int:pk>/forward/", views.forward, name="forward"),
    path("<int:pk>/return/", views.send_back, name="return"),
    path("<int:pk>/review-form/", document_views.review_form_print, name="review-form"),
    path("<int:pk>/paper/", document_views.paper_set, name="paper-set"),
    path("<int:pk>/result/", views.result, name="result"),
]

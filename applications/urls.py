from django.urls import path

from . import document_views, views_publicity
from .views import editing, lists, mine, receive, reviewing

app_name = "applications"

urlpatterns = [
    path("", mine.mine, name="mine"),
    path("new/", mine.new, name="new"),
    path("queue/", lists.queue, name="queue"),
    path("search/", lists.search, name="search"),
    path("roster/", lists.roster, name="roster"),
    path("roster/export/", lists.roster_export, name="roster-export"),
    path("receive/", receive.receive, name="receive"),
    path("<int:pk>/", reviewing.detail, name="detail"),
    path("<int:pk>/edit/", editing.edit, name="edit"),
    path("<int:pk>/edit/<str:kind>/", editing.edit, name="edit-section"),
    path("<int:pk>/edit/<str:kind>/upload/", editing.attachment_upload, name="attachment-upload"),
    path("<int:pk>/entries/<int:entry_id>/delete/", editing.entry_delete, name="entry-delete"),
    path("<int:pk>/files/<int:att_id>/", editing.attachment_download, name="attachment"),
    path("<int:pk>/files/<int:att_id>/delete/", editing.attachment_delete, name="attachment-delete"),
    path("<int:pk>/change/", mine.change, name="change"),
    path("<int:pk>/submit/", mine.submit, name="submit"),
    path("<int:pk>/delete/", mine.delete, name="delete"),
    path("<int:pk>/opinion/", reviewing.opinion, name="opinion"),
    path("<int:pk>/recommend/", reviewing.recommend, name="recommend"),
    path("<int:pk>/forward/", reviewing.forward, name="forward"),
    path("<int:pk>/return/", reviewing.send_back, name="return"),
    path("<int:pk>/publicity/", views_publicity.publicity, name="publicity"),
    path("<int:pk>/publicity/<str:which>/", views_publicity.publicity_file, name="publicity-file"),
    path("<int:pk>/review-form/", document_views.review_form_print, name="review-form"),
    path("<int:pk>/paper/", document_views.paper_set, name="paper-set"),
    path("<int:pk>/result/", mine.result, name="result"),
]

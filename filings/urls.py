from django.urls import path

from . import views_lost, views_times
from .views import mine, office, wizard, wizard_actions

app_name = "filings"

urlpatterns = [
    path("", mine.mine, name="mine"),
    # 设置时间 of accepted filings: change requests to the title office
    path("times/", views_times.times, name="times"),
    path("times/<int:item_pk>/change/", views_times.time_change_new, name="time-change-new"),
    path("times/review/", views_times.time_change_queue, name="time-change-queue"),
    path("times/review/<int:pk>/", views_times.time_change_review, name="time-change-review"),
    path("times/review/<int:pk>/accept/", views_times.time_change_accept, name="time-change-accept"),
    path("times/review/<int:pk>/return/", views_times.time_change_return, name="time-change-return"),
    path("new/", wizard.create, name="create"),
    # 丢失申领证书批次备案 (the office reviews it with the shared review/accept/return below)
    path("lost/", views_lost.lost_mine, name="lost-mine"),
    path("lost/new/", views_lost.lost_create, name="lost-create"),
    path("lost/<int:pk>/", views_lost.lost_edit, name="lost-edit"),
    path("lost/<int:pk>/add/", views_lost.lost_add, name="lost-add"),
    path("lost/<int:pk>/remove/", views_lost.lost_remove, name="lost-remove"),
    path("lost/<int:pk>/rows/<int:row>/request/", views_lost.lost_upload, name="lost-upload"),
    path(
        "lost/<int:pk>/rows/<int:row>/request/file/", views_lost.lost_request_file, name="lost-request-file"
    ),
    path("lost/<int:pk>/submit/", views_lost.lost_submit, name="lost-submit"),
    path("lost/<int:pk>/delete/", views_lost.lost_delete, name="lost-delete"),
    path("<int:pk>/", mine.detail, name="detail"),
    path("<int:pk>/step/<int:n>/", wizard.step, name="step"),
    path("<int:pk>/delete/", wizard_actions.delete, name="delete"),
    path("<int:pk>/submit/", wizard_actions.submit, name="submit"),
    path("<int:pk>/attachments/", wizard_actions.upload_attachment, name="attachment-upload"),
    path("<int:pk>/attachments/<int:att>/", wizard_actions.download_attachment, name="attachment"),
    path(
        "<int:pk>/attachments/<int:att>/delete/", wizard_actions.delete_attachment, name="attachment-delete"
    ),
    path("<int:pk>/users/<int:user_pk>/confirm/", wizard_actions.confirm_user, name="user-confirm"),
    path("<int:pk>/users/<int:user_pk>/disable/", wizard_actions.disable_user, name="user-disable"),
    path("review/", office.queue, name="queue"),
    path("review/<int:pk>/", office.review, name="review"),
    path("review/<int:pk>/return/", office.send_back, name="return"),
    path("review/<int:pk>/accept/", office.accept, name="accept"),
    path("reviewable/", office.reviewable, name="reviewable"),
]

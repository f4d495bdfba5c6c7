from django.urls import path

from . import views

app_name = "filings"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/step/<int:n>/", views.step, name="step"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/attachments/", views.upload_attachment, name="attachment-upload"),
    path("<int:pk>/attachments/<int:att>/", views.download_attachment, name="attachment"),
    path("<int:pk>/attachments/<int:att>/delete/", views.delete_attachment, name="attachment-delete"),
    path("<int:pk>/users/<int:user_pk>/confirm/", views.confirm_user, name="user-confirm"),
    path("<int:pk>/users/<int:user_pk>/disable/", views.disable_user, name="user-disable"),
    path("review/", views.queue, name="queue"),
    path("review/<int:pk>/", views.review, name="review"),
    path("review/<int:pk>/return/", views.send_back, name="return"),
    path("review/<int:pk>/accept/", views.accept, name="accept"),
    path("reviewable/", views.reviewable, name="reviewable"),
]

from django.urls import path

from . import document_views as views

app_name = "documents"

urlpatterns = [
    path("documents/<int:pk>/", views.progress, name="progress"),
    path("documents/<int:pk>/status/", views.status, name="status"),
    path("documents/<int:pk>/download/", views.download, name="download"),
    path("documents/<int:pk>/retry/", views.retry, name="retry"),
    # short: it is what the QR code on every document holds
    path("v/<str:token>/", views.verify, name="verify"),
]

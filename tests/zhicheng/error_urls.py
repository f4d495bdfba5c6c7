"""The platform's URLs plus two views that fail, for the error-page tests."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from zhicheng.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def refuse(request):
    raise PermissionDenied


def refuse_with_reason(request):
    raise PermissionDenied("该记录已被他人处理，请刷新后重试")


def crash(request):
    raise RuntimeError("boom")


urlpatterns = [
    path("test-403/", refuse),
    path("test-403-reason/", refuse_with_reason),
    path("test-500/", crash),
    *urlpatterns,
]

"""URLs of the benchmark server (`make bench` sets ROOT_URLCONF=zhicheng.bench_urls): every page of
the platform plus the bare view every page's throughput is compared with."""

from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    """The yardstick: a Django view that reads one row, through the same middleware."""
    return HttpResponse(ContentType.objects.order_by("pk").values_list("model", flat=True).first() or "")


urlpatterns = [path("bench/bare/", bare, name="bench-bare"), path("", include("zhicheng.urls"))]

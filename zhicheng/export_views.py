"""The status page of one export (progress bar, then the download link) and its download."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from .exports import ExportJob

BACK = {"roster": "applications:roster"}


def _own_job(request, pk):
    job = ExportJob.objects.filter(pk=pk, owner=request.user).first()
    if job is None:
        raise Http404
    return job


@login_required
def export_status(request, pk):
    job = _own_job(request, pk)
    try:
        back_url = reverse(BACK.get(job.kind, "accounts:home"))
    except NoReverseMatch:
        back_url = reverse("accounts:home")
    return render(request, "zhicheng/export_status.html", {"job": job, "back_url": back_url})


@login_required
def export_status_json(request, pk):
    return JsonResponse(_own_job(request, pk).status(), headers={"Cache-Control": "no-store"})


@login_required
def export_download(request, pk):
    job = _own_job(request, pk)
    if not job.ready:
        raise Http404
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename)

"""推荐单位公示 (guide 004): the base unit records its 公示 dates and uploads the photo and the 公示结果;
thin views over applications.unit_publicity. The rule that blocks the 上报 lives there too."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from zhicheng import documents, files
from zhicheng.errors import PlatformError

from . import unit_publicity
from .forms import PublicityPhotoForm, PublicityResultForm
from .paper_set import PUBLICITY, PUBLICITY_RESULT, PublicityForm, request_paper
from .views import holder_or_refuse, load

UPLOAD_FORMS = {"photo": PublicityPhotoForm, "result": PublicityResultForm}


def _forms(app, data=None, files_=None, *, bound=None):
    """The dates form and the two upload forms; `bound` names the one the POST filled."""
    region = unit_publicity.region_of(app)
    out = {
        "dates": PublicityForm(
            data if bound == "dates" else None, initial=PublicityForm.initial_for(app), region=region
        )
    }
    for name, cls in UPLOAD_FORMS.items():
        out[name] = cls(data if bound == name else None, files_ if bound == name else None, prefix=name)
    return out


def _save(request, app, action, form):
    """Call the service for the form that was posted; True when it succeeded."""
    try:
        if action == "dates":
            unit_publicity.record_publicity(app, by=request.user, **form.cleaned_data)
            messages.success(request, _("公示时间已登记，可以生成推荐单位公示及公示结果并打印。"))
        else:
            upload = form.cleaned_data["file"]
            unit_publicity.upload_publicity_file(
                app, by=request.user, which=action, upload=upload, detected_kind=upload.detected_kind
            )
            messages.success(request, _("%(label)s已上传。") % {"label": unit_publicity.UPLOADS[action][1]})
    except unit_publicity.UnitPublicityError as exc:
        if action != "dates":
            form.add_error("file", str(exc))
        else:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        return False
    except PlatformError as exc:
        messages.error(request, str(exc))
        return False
    return True


def _papers(request, app, here):
    """生成推荐单位公示及公示结果 from the recorded dates (the document pipeline renders them)."""
    try:
        docs = request_paper(app, PUBLICITY, by=request.user)
    except PlatformError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已提交生成：%(d)s。") % {"d": "、".join(d.kind_label for d in docs)})
    return redirect(f"{here}#publicity-dates")


@login_required
def publicity(request, pk):
    """登记推荐单位公示: a page of its own for the base unit while it holds the application."""
    app = load(request, pk)
    if request.method == "POST":
        refused = holder_or_refuse(request, app)
        if refused:
            return refused
    if not unit_publicity.may_record(request.user, app):
        raise PermissionDenied
    here = reverse("applications:publicity", args=[app.pk])
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action == "papers":
        return _papers(request, app, here)
    if request.method == "POST" and action not in ("dates", *UPLOAD_FORMS):
        raise Http404
    forms = _forms(app, request.POST, request.FILES, bound=action or None)
    if action and forms[action].is_valid() and _save(request, app, action, forms[action]):
        return redirect(here)
    record = unit_publicity.record_of(app)
    return render(
        request,
        "applications/publicity.html",
        {
            "app": app,
            "forms": forms,
            "record": record,
            "problems": dict(unit_publicity.problems(app, record=record)),
            "convention": unit_publicity.CONVENTION,
            "papers": [documents.latest(app, k) for k in (PUBLICITY, PUBLICITY_RESULT)],
        },
    )


@login_required
@require_GET
def publicity_file(request, pk, which):
    """公示照片 / 公示结果: whoever may see the application (its loader answers strangers 404)."""
    app = load(request, pk)
    record = unit_publicity.record_of(app)
    if which not in unit_publicity.UPLOADS or record is None:
        raise Http404
    return files.serve(
        getattr(record, which),
        getattr(record, f"{which}_name"),
        content_type=getattr(record, f"{which}_type"),
    )

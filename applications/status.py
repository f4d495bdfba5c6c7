"""Which sections of an application are complete (the section menu, 上报's precondition)."""

from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext as _

from .sections import SectionKind


@dataclass
class SectionStatus:
    section: object  # TemplateSection
    kind: str
    title: str
    required: bool
    rows: int
    files: int
    complete: bool
    missing: str = ""


def section_statuses(app):
    """Each section of the application's template with whether it is complete (two queries)."""
    from .forms import ApplicationBasicForm

    rows = dict(app.entries.values_list("kind").annotate(n=Count("pk")))
    files = dict(app.attachments.values_list("kind").annotate(n=Count("pk")))
    out = []
    for s in app.template().section_list():
        n_rows, n_files = rows.get(s.kind, 0), files.get(s.kind, 0)
        missing = ""
        if s.kind == SectionKind.BASIC:
            attrs = ["base_unit_id" if n == "base_unit" else n for n in ApplicationBasicForm.required_names()]
            empty = [a for a in attrs if getattr(app, a) in (None, "")]
            if empty:
                missing = _("必填项未填写")
        elif s.required and n_rows == 0:
            missing = _("至少填写一条")
        if not missing and s.attachment_required and n_files == 0:
            missing = _("请上传附件")
        out.append(SectionStatus(s, s.kind, s.title, s.required, n_rows, n_files, not missing, missing))
    return out


def deadline_text(app):
    """距提交截止还有N天 only while the applicant can still (re)submit; once the application is
    上报 (frozen) or 通过形式审核 the deadline no longer concerns him."""
    return app.deadline_text if app.is_editable else ""

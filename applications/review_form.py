"""《新疆维吾尔自治区专业技术职务任职资格评审表》 (guide 004): rendered through the document
pipeline (zhicheng.documents) each time an application is submitted or resubmitted; earlier
versions stay, marked superseded.

The 评审委员会 box is built by `committee_box(result)` from a result dict. Meetings (a higher
app) fills it without this module importing meetings: it calls `set_result_provider(func)`
from its AppConfig.ready(), where func(application) returns the result dict or None, and then
requests a new version with `request_review_form(app, by=...)` once the result is recorded.
"""

import base64
import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhicheng import documents
from zhicheng.templatetags.zhicheng import date_cn
from zhicheng.workflow import ChainStep, chain_transitioned

from .models import Application
from .sections import SectionKind, columns

KIND = "review_form"
TITLE = "新疆维吾尔自治区专业技术职务任职资格评审表"
# guide 004: what the base unit writes in its box, then signs and seals
RECOMMEND_SENTENCE = "本单位已对提供的申报材料逐一审核，真实准确，同意推荐"
VALIDITY_LINE = "有水印方为有效"
APP_NUMBER_RE = re.compile(r"^RSSQ\d{8}$", re.IGNORECASE)


def may_download(user, app):
    """The applicant and the organisations the application reached (guardian view rights)."""
    from .services import visible_applications

    return user.is_authenticated and visible_applications(user).filter(pk=app.pk).exists()


# ---- the 评审委员会 box: the hook the meetings app fills -------------------------------------------
_result_provider = None


def set_result_provider(func):
    """func(application) -> result dict for committee_box, or None while there is no result."""
    global _result_provider
    _result_provider = func


def committee_box(result=None):
    """The 评审委员会 box from a result dict; without one the box stays blank for the meeting.

    Keys (all optional): meeting_date (date or text), members (应到人数), present (实到人数),
    votes_for, votes_against, abstain, passed (bool), opinion (text), chair (主任委员).
    """
    if not result:
        return {"filled": False, "lines": [], "conclusion": "", "opinion": ""}
    meeting_date = result.get("meeting_date")
    if hasattr(meeting_date, "isoformat"):
        meeting_date = date_cn(meeting_date)
    lines = [
        (_("评审时间"), meeting_date or ""),
        (_("应到委员"), _("%(n)s人") % {"n": result["members"]} if "members" in result else ""),
        (_("实到委员"), _("%(n)s人") % {"n": result["present"]} if "present" in result else ""),
        (
            _("表决结果"),
            _("同意%(a)s票，不同意%(b)s票，弃权%(c)s票")
            % {
                "a": result.get("votes_for", 0),
                "b": result.get("votes_against", 0),
                "c": result.get("abstain", 0),
            },
        ),
    ]
    conclusion = ""
    if "passed" in result:
        conclusion = _("评审通过") if result["passed"] else _("评审未通过")
    if result.get("chair"):
        lines.append((_("主任委员"), result["chair"]))
    return {"filled": True, "lines": lines, "conclusion": conclusion, "opinion": result.get("opinion", "")}


# ---- the context of one version ------------------------------------------------------------------
def _photo_data_uri(user):
    if not user.photo:
        return ""
    try:
        with user.photo.open("rb") as fh:
            data = fh.read()
    except (OSError, ValueError):
        return ""
    mime = "image/png" if data.startswith(b"\x89PNG") else "image/jpeg"
    return f"data:{mime};base64," + base64.b64encode(data).decode()


def section_tables(app):
    """Every section of the application's template with its rows (one query for the rows)."""
    rows_by_kind = {}
    for entry in app.entries.order_by("kind", "position", "pk"):
        rows_by_kind.setdefault(entry.kind, []).append([value for _label, value in entry.display()])
    out = []
    for section in app.template().section_list():
        if section.kind == SectionKind.BASIC:
            continue
        out.append(
            {
                "title": section.title,
                "columns": columns(section.kind),
                "rows": rows_by_kind.get(section.kind, []),
            }
        )
    return out


def opinion_boxes(app):
    """基层单位 and each supervising level of the round that was submitted, in chain order."""
    steps = (
        ChainStep.objects.filter(
            content_type__app_label="applications",
            content_type__model="application",
            object_id=app.pk,
            round=app.chain_round,
            position__gt=0,
            is_terminal=False,
        )
        .select_related("organisation")
        .order_by("position")
    )
    boxes = []
    for step in steps:
        if step.organisation_id == app.committee_id:
            continue
        first = not boxes
        boxes.append(
            {
                "title": _("基层单位推荐意见") if first else _("%(node)s意见") % {"node": step.node_label},
                "organisation": step.organisation.name if step.organisation else "",
                "sentence": RECOMMEND_SENTENCE if first else "",
                "signer": _("单位负责人签字") if first else _("负责人签字"),
            }
        )
    return boxes


def basic_rows(app):
    from .views.common import basic_fields

    user = app.applicant
    rows = [
        (_("姓名"), user.display_name),
        (_("性别"), user.get_gender_display()),
        (_("出生日期"), date_cn(user.birth_date)),
        (_("身份证号"), user.id_number or ""),
        (_("联系电话"), app.phone),
    ]
    return rows + [(str(label), value) for label, value in basic_fields(app)]


def build_context(app, doc):
    app = Application.objects.for_list().select_related("applicant", "filing_item").get(pk=app.pk)
    q = app.qualification
    generated = timezone.localtime(doc.requested_at)
    result = _result_provider(app) if _result_provider else None
    return {
        "title": TITLE,
        "app": app,
        "applicant": app.applicant,
        "series": q.specialty.series.name,
        "specialty": q.specialty.name,
        "qualification": q.name,
        "fill_date": date_cn(generated.date()),
        "photo": _photo_data_uri(app.applicant),
        "basic_rows": basic_rows(app),
        "sections": section_tables(app),
        "opinion_boxes": opinion_boxes(app),
        "committee": committee_box(result),
        "validity_line": VALIDITY_LINE,
        "watermark_lines": [doc_site_name(), app.number, f"{generated:%Y-%m-%d %H:%M}"],
    }


def doc_site_name():
    from django.conf import settings

    return settings.SITE_NAME


# ---- requesting --------------------------------------------------------------------------------
def request_review_form(app, *, by=None):
    return documents.request_document(app, KIND, by=by)


def _on_transition(sender, instance, action, by=None, **kwargs):
    """上报 and every 重新上报: a new version of the 评审表 (rendered after the commit)."""
    if action == "submitted":
        request_review_form(instance, by=by)


def review_form_print_doc(app, *, by):
    """评审表打印: the newest version; an application submitted before the pipeline gets one now."""
    if not app.ever_submitted:
        return None
    with transaction.atomic():
        return documents.ensure_document(app, KIND, by=by)


def number_from_scan(text):
    """扫码接收材料: what a scanner or a person typed — the 评审表's QR content (verification URL
    or bare token, of any version) or the 申请书编号 — as the application number."""
    text = (text or "").strip()
    if APP_NUMBER_RE.match(text):
        return text.upper()
    doc = documents.find_by_token(text)
    if doc is not None and doc.kind == KIND and doc.number:
        return doc.number
    return text.upper() if len(text) <= 20 else text  # an unknown number is reported as typed


def register():
    documents.register(
        KIND,
        label=_("专业技术职务任职资格评审表"),
        template="applications/pdf/review_form.html",
        context=build_context,
        can_download=may_download,
        holder=lambda app: app.applicant.display_name,
        number=lambda app: app.number,
        filename=lambda doc: f"评审表-{doc.number}-第{doc.version}版.pdf",
    )
    chain_transitioned.connect(_on_transition, sender=Application, dispatch_uid="applications.review_form")

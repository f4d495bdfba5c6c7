"""单位注册审核 and 单位信息修改审核 (the 材料接收部门's queues, review pages and actions)."""

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from zhicheng import files
from zhicheng.permissions import guardian_visible
from zhicheng.review import review_action, review_form

from .. import services
from ..constants import OrgKind
from ..models import Organisation, UnitChangeRequest
from .common import get_change_for_review, get_unit_for_review, member_orgs, page_of


# ---- 单位注册审核 (supervising units) -------------------------------------------------------------------
@login_required
def unit_queue(request):
    if not member_orgs(request.user).filter(kind=OrgKind.SUPERVISING).exists():
        raise Http404
    show = request.GET.get("show", "pending")
    base = Organisation.objects.base_units().select_related("region", "parent")
    if show == "done":
        qs = (
            guardian_visible(request.user, base)
            .exclude(state=Organisation.State.IN_REVIEW, current_org__in=member_orgs(request.user))
            .order_by("-submitted_at", "-pk")
        )
    else:
        show = "pending"
        qs = base.filter(
            state=Organisation.State.IN_REVIEW, current_org__in=member_orgs(request.user)
        ).order_by("submitted_at", "pk")
    page = page_of(request, qs)
    rows = [(o, services.credit_code_needs_check(o)) for o in page]
    return render(
        request,
        "accounts/unit_queue.html",
        {
            "page_obj": page,
            "rows": rows,
            "show": show,
            "query_string": f"show={show}",
        },
    )


def _unit_review_context(request, org, return_form=None):
    return {
        "org": org,
        "can_act": org.held_by(request.user),
        "needs_check": services.credit_code_needs_check(org),
        "approve_form": review_form(org),
        "return_form": return_form or review_form(org, needs_reason=True),
    }


@login_required
def unit_review(request, pk):
    org = get_unit_for_review(request.user, pk)
    return render(request, "accounts/unit_review.html", _unit_review_context(request, org))


def _serve_licence(request, model, unit_field, pk):
    """The licence of a unit registration or a change request: the unit's own members, the
    reviewing units (guardian) and platform admins; anyone else gets 404."""
    qs = model.objects.all()
    if not request.user.is_superuser:
        mine = member_orgs(request.user).values("pk")
        seen = guardian_visible(request.user, model.objects.all()).values("pk")
        qs = qs.filter(Q(**{f"{unit_field}__in": mine}) | Q(pk__in=seen))
    obj = get_object_or_404(qs, pk=pk)
    return files.serve(obj.licence, obj.licence_name)


@login_required
def unit_licence(request, pk):
    return _serve_licence(request, Organisation, "pk", pk)


# ---- 单位信息修改审核 -------------------------------------------------------------------------------------
@login_required
def change_queue(request):
    if not member_orgs(request.user).filter(kind=OrgKind.SUPERVISING).exists():
        raise Http404
    qs = (
        UnitChangeRequest.objects.filter(
            state=UnitChangeRequest.State.IN_REVIEW, current_org__in=member_orgs(request.user)
        )
        .select_related("organisation", "organisation__region")
        .order_by("submitted_at", "pk")
    )
    return render(request, "accounts/change_queue.html", {"page_obj": page_of(request, qs)})


def _change_context(request, change, return_form=None):
    return {
        "change": change,
        "org": change.organisation,
        "can_act": change.held_by(request.user),
        "approve_form": review_form(change),
        "return_form": return_form or review_form(change, needs_reason=True),
    }


@login_required
def change_review(request, pk):
    change = get_change_for_review(request.user, pk)
    return render(request, "accounts/change_review.html", _change_context(request, change))


# Both unit chains (registration, later change) share one approve/return view.
UNIT_CHAINS = {
    "unit": {
        "load": get_unit_for_review,
        "review": "accounts:unit-review",
        "queue": "accounts:unit-queue",
        "page": ("accounts/unit_review.html", _unit_review_context),
        "approve": services.approve_unit,
        "return": services.return_unit,
        "approve_text": _("确认审核通过【%(n)s】的单位注册？通过后申报人即可选择该单位。"),
        "return_text": _("确认将【%(n)s】的单位注册退回？"),
        "approve_done": _("已审核通过：%(n)s"),
        "return_done": _("已退回：%(n)s"),
        "name": lambda org: org.name,
    },
    "change": {
        "load": get_change_for_review,
        "review": "accounts:change-review",
        "queue": "accounts:change-queue",
        "page": ("accounts/change_review.html", _change_context),
        "approve": services.approve_unit_change,
        "return": services.return_unit_change,
        "approve_text": _("确认审核通过【%(n)s】的单位信息修改？通过后新信息立即生效。"),
        "return_text": _("确认退回【%(n)s】的单位信息修改？"),
        "approve_done": _("单位信息修改已审核通过：%(n)s"),
        "return_done": _("已退回单位信息修改：%(n)s"),
        "name": lambda change: change.old_name or change.name,
    },
}


@login_required
def unit_chain_action(request, pk, chain, action):
    """审核通过 / 退回 on a unit chain: confirm step, stale-link page, then the service."""
    conf = UNIT_CHAINS[chain]
    obj = conf["load"](request.user, pk)
    name = {"n": conf["name"](obj)}
    template, context = conf["page"]
    if action == "approve":
        extra = {
            "act": lambda step_id, reason: conf["approve"](obj, by=request.user, expected_step_id=step_id),
            "title": _("审核通过"),
            "button": _("确认审核通过"),
        }
    else:
        extra = {
            "act": lambda step_id, reason: conf["return"](
                obj, by=request.user, expected_step_id=step_id, reason=reason
            ),
            "title": _("退回"),
            "button": _("确认退回"),
            "needs_reason": True,
            "form_page": lambda form: render(request, template, context(request, obj, return_form=form)),
        }
    return review_action(
        request,
        obj,
        confirm_text=conf[f"{action}_text"] % name,
        review_url=reverse(conf["review"], args=[obj.pk]),
        queue_url=reverse(conf["queue"]),
        done_message=conf[f"{action}_done"] % name,
        **extra,
    )


@login_required
def change_licence(request, pk):
    return _serve_licence(request, UnitChangeRequest, "organisation", pk)

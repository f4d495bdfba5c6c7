"""设置时间 (guide: 您可以设置系列的提交起止时间): the committee sees the times in force of its
accepted filings and asks the title office to change them; the office accepts or returns the
request on the filing's chain. Thin views over filings/plan_times.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.constants import OrgKind
from zhicheng.errors import PlatformError
from zhicheng.permissions import guardian_visible
from zhicheng.review import review_action, review_form
from zhicheng.templatetags.zhicheng import date_cn
from zhicheng.views import confirm_page
from zhicheng.workflow import ChainState

from . import plan_times
from .forms import TimeChangeForm
from .models import Filing, FilingQualification, PlanTimeChange
from .views import OPINION


def _committees(user):
    return user.organisations(OrgKind.COMMITTEE)


def _offices(user):
    return user.organisations(OrgKind.TITLE_OFFICE)


def _accepted_items(committees):
    return (
        FilingQualification.objects.filter(
            filing__committee__in=committees,
            filing__kind=Filing.Kind.PRE_REVIEW,
            filing__state=ChainState.ACCEPTED,
        )
        .select_related("filing__committee", "qualification__specialty__series")
        .order_by("-filing__work_year", "filing__serial_no", "pk")
    )


@login_required
def times(request):
    """The committee's accepted filings: the times in force, and any change waiting for the office."""
    committees = list(_committees(request.user))
    if not committees:
        raise Http404
    items = list(_accepted_items(committees))
    pending = {
        c.item_id: c
        for c in PlanTimeChange.objects.filter(item__in=items, state=ChainState.IN_REVIEW).select_related(
            "current_org"
        )
    }
    history = (
        PlanTimeChange.objects.filter(item__filing__committee__in=committees)
        .exclude(state=ChainState.IN_REVIEW)
        .select_related("item__qualification__specialty", "item__filing")[:20]
    )
    rows = [(item, pending.get(item.pk)) for item in items]
    return render(request, "filings/times.html", {"rows": rows, "history": history})


@login_required
def time_change_new(request, item_pk):
    item = get_object_or_404(_accepted_items(_committees(request.user)), pk=item_pk)
    initial = {f: getattr(item, f) for f in plan_times.TIME_FIELDS}
    form = TimeChangeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if request.POST.get("confirm") != "1":
            text = _(
                "确定向职称办公室申请把【%(q)s】的申报时间改为 %(s)s 至 %(e)s 吗？审核通过前仍按现行时间执行。"
            ) % {
                "q": item.qualification,
                "s": date_cn(data["apply_start"]),
                "e": date_cn(data["apply_end"]),
            }
            hidden = {k: request.POST.get(k, "") for k in (*plan_times.TIME_FIELDS, "reason")}
            return confirm_page(
                request,
                title=_("申请变更计划时间"),
                text=text,
                button=_("确认提交"),
                cancel_url=reverse("filings:times"),
                hidden=hidden,
            )
        try:
            plan_times.request_time_change(
                item,
                by=request.user,
                start=data["apply_start"],
                end=data["apply_end"],
                meeting=data["meeting_date"],
                approval=data["approval_date"],
                reason=data["reason"],
            )
        except PlatformError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("时间变更申请已提交职称办公室，审核通过后生效；在此之前仍按现行时间执行。")
            )
            return redirect("filings:times")
    return render(request, "filings/time_change_form.html", {"item": item, "form": form})


# ---- the title office --------------------------------------------------------------------------
def _change_for_office(user, pk):
    if not _offices(user).exists():
        raise Http404
    visible = guardian_visible(user, PlanTimeChange.objects.all()).values("pk")
    qs = PlanTimeChange.objects.filter(pk__in=visible).select_related(
        "item__filing__committee", "item__qualification__specialty", "created_by"
    )
    return get_object_or_404(qs, pk=pk)


@login_required
def time_change_queue(request):
    offices = list(_offices(request.user))
    if not offices:
        raise Http404
    todo = PlanTimeChange.objects.filter(state=ChainState.IN_REVIEW, current_org__in=offices)
    done = guardian_visible(request.user, PlanTimeChange.objects.all()).exclude(state=ChainState.IN_REVIEW)
    related = ("item__filing__committee", "item__qualification__specialty")
    return render(
        request,
        "filings/time_change_queue.html",
        {
            "todo": todo.select_related(*related).order_by("submitted_at"),
            "done": done.select_related(*related).order_by("-finished_at", "-pk")[:20],
        },
    )


@login_required
def time_change_review(request, pk):
    change = _change_for_office(request.user, pk)
    return render(
        request,
        "filings/time_change_review.html",
        {
            "change": change,
            "can_review": change.held_by(request.user),
            "return_form": review_form(change, needs_reason=True, reason_label=OPINION),
            "overlaps": plan_times.overlaps(
                change.item.filing, times={change.item_id: (change.apply_start, change.apply_end)}
            )
            if change.state == ChainState.IN_REVIEW
            else [],
        },
    )


@login_required
def time_change_accept(request, pk):
    change = _change_for_office(request.user, pk)
    back = reverse("filings:time-change-review", args=[pk])
    return review_action(
        request,
        change,
        act=lambda step_id, reason: plan_times.accept_time_change(
            change, by=request.user, expected_step_id=step_id
        ),
        title=_("同意变更计划时间"),
        confirm_text=_("同意后新的计划时间立即生效，申请人按新的申报时间申报。确定同意吗？"),
        button=_("同意"),
        review_url=back,
        queue_url=reverse("filings:time-change-queue"),
        done_url=back,
        done_message=_("已同意，新的计划时间已生效。"),
    )


@login_required
def time_change_return(request, pk):
    change = _change_for_office(request.user, pk)
    back = reverse("filings:time-change-review", args=[pk])
    return review_action(
        request,
        change,
        act=lambda step_id, reason: plan_times.return_time_change(
            change, by=request.user, expected_step_id=step_id, opinion=reason
        ),
        title=_("退回变更申请"),
        confirm_text=_("退回后现行时间不变。确定退回吗？"),
        button=_("确认退回"),
        review_url=back,
        queue_url=reverse("filings:time-change-queue"),
        done_url=back,
        done_message=_("已退回，现行时间不变。"),
        needs_reason=True,
        reason_label=OPINION,
        form_page=lambda form: render(
            request,
            "filings/time_change_review.html",
            {"change": change, "can_review": True, "return_form": form},
        ),
    )

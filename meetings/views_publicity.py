"""评审结果公示 screens. Committee staff publish and manage their committee's 公示 and handle its
异议 (another committee's 公示 answers 404); the public pages (list, one 公示, 提出异议) need no login.
Rules are in meetings/publicity.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.constants import OrgKind
from zhicheng import files
from zhicheng.views import confirm_page

from . import publicity as svc
from .constants import MeetingState, ObjectionStatus
from .models import Meeting, Objection, Publicity
from .publicity_forms import HandleForm, ObjectionForm, PublishForm, SettingForm
from .views import get_meeting_for_committee

PENDING = Count("objections", filter=Q(objections__status=ObjectionStatus.PENDING))


# ---- loaders -------------------------------------------------------------------------------------------
def _committees(user):
    return user.organisations(OrgKind.COMMITTEE)


def get_publicity_for_committee(user, pk):
    qs = Publicity.objects.filter(committee__in=_committees(user)).select_related("committee", "meeting")
    return get_object_or_404(qs, pk=pk)


def get_objection_for_committee(user, pk):
    qs = Objection.objects.filter(publicity__committee__in=_committees(user)).select_related(
        "publicity__committee", "entry"
    )
    return get_object_or_404(qs, pk=pk)


def _own_committee(user):
    committee = user.primary_organisation(OrgKind.COMMITTEE)
    if committee is None:
        raise Http404
    return committee


def _client_ip(request):
    return request.META.get("REMOTE_ADDR") or None


# ---- committee -----------------------------------------------------------------------------------------
@login_required
def publicity_list(request):
    committees = list(_committees(request.user))
    if not committees:
        raise Http404
    publicities = (
        Publicity.objects.filter(committee__in=committees)
        .select_related("committee", "meeting")
        .annotate(entry_n=Count("entries", distinct=True), pending_n=PENDING)
    )
    waiting = Meeting.objects.filter(
        committee__in=committees, state=MeetingState.CLOSED, publicity__isnull=True
    ).annotate(passed_n=Count("candidates", filter=Q(candidates__passed=True)))
    rows = [(p, svc.status_of(p)) for p in publicities]
    return render(
        request,
        "meetings/publicity/list.html",
        {"rows": rows, "waiting": waiting, "setting": svc.setting_of(committees[0])},
    )


@login_required
def publicity_setting(request):
    committee = _own_committee(request.user)
    setting = svc.setting_of(committee)
    form = SettingForm(
        request.POST or None, initial={"period_days": setting.period_days, "contact": setting.contact}
    )
    if request.method == "POST" and form.is_valid():
        try:
            svc.save_setting(committee, by=request.user, **form.cleaned_data)
        except svc.PublicityError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("公示设置已保存。"))
            return redirect("meetings:publicity-list")
    return render(request, "meetings/publicity/setting.html", {"form": form, "committee": committee})


@login_required
def publicity_new(request, pk):
    """发布公示: the form, then a confirm page showing the frozen list, the period and the fingerprint."""
    meeting = get_meeting_for_committee(request.user, pk)
    if hasattr(meeting, "publicity"):
        return redirect("meetings:publicity-manage", meeting.publicity.pk)
    setting = svc.setting_of(meeting.committee)
    form = PublishForm(
        request.POST or None,
        initial={
            "title": svc.default_title(meeting),
            "start_date": svc.today(),
            "contact": setting.contact,
        },
    )
    entries = svc.entries_for(meeting)
    context = {
        "form": form,
        "meeting": meeting,
        "entries": entries,
        "days": svc.period_days(meeting.committee),
    }
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if request.POST.get("confirm") == "1":
                publicity = svc.publish_publicity(meeting, by=request.user, **data)
                messages.success(request, _("评审结果公示已发布。"))
                return redirect("meetings:publicity-manage", publicity.pk)
            if data["start_date"] < svc.today():
                raise svc.PublicityError(_("公示开始日期不能早于今天。"))
            context["end_date"] = svc.end_date_for(meeting.committee, data["start_date"])
        except svc.PublicityError as exc:
            form.add_error(None, str(exc))
        else:
            context["fingerprint"] = svc.fingerprint_of(entries)
            return render(request, "meetings/publicity/publish_confirm.html", context)
    return render(request, "meetings/publicity/new.html", context)


@login_required
def publicity_manage(request, pk):
    publicity = get_publicity_for_committee(request.user, pk)
    objections = publicity.objections.select_related("entry", "handled_by")
    return render(
        request,
        "meetings/publicity/manage.html",
        {
            "publicity": publicity,
            "status": svc.status_of(publicity),
            "entries": publicity.entries.all(),
            "objections": objections,
        },
    )


@login_required
def objection_handle(request, pk):
    """记录处理结果: the form, then the confirm step (the decision cannot be changed)."""
    objection = get_objection_for_committee(request.user, pk)
    back = reverse("meetings:publicity-manage", args=[objection.publicity_id])
    if objection.status != ObjectionStatus.PENDING:
        messages.info(request, _("该异议已经处理。"))
        return redirect(back)
    form = HandleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision, reasons = form.cleaned_data["decision"], form.cleaned_data["reasons"]
        if request.POST.get("confirm") != "1":
            return confirm_page(
                request,
                title=_("确认处理结果"),
                text=_("确认对%(who)s的异议处理结果为“%(d)s”？处理结果记录后不能修改。理由：%(r)s")
                % {"who": objection.entry.name, "d": ObjectionStatus(decision).label, "r": reasons},
                button=_("确认处理"),
                cancel_url=back,
                hidden={"decision": decision, "reasons": reasons},
            )
        try:
            svc.handle_objection(objection, by=request.user, decision=decision, reasons=reasons)
        except svc.PublicityError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("异议处理结果已记录。"))
        return redirect(back)
    return render(request, "meetings/publicity/handle.html", {"form": form, "objection": objection})


@login_required
def objection_file(request, pk):
    objection = get_objection_for_committee(request.user, pk)
    return files.serve(objection.attachment, objection.attachment_name)


# ---- public (no login) ---------------------------------------------------------------------------------
def public_list(request):
    rows = [(p, svc.status_of(p)) for p in svc.current_publicities()]
    return render(request, "meetings/publicity/public_list.html", {"rows": rows})


def public_detail(request, pk):
    publicity = get_object_or_404(Publicity.objects.select_related("committee"), pk=pk)
    return render(
        request,
        "meetings/publicity/public_detail.html",
        {
            "publicity": publicity,
            "status": svc.status_of(publicity),
            "open": publicity.is_open_on(svc.today()),
            "entries": publicity.entries.all(),
        },
    )


def objection_new(request, pk):
    """提出异议: refused outside the period (the page says why), captcha always, a few per IP an hour."""
    publicity = get_object_or_404(Publicity.objects.select_related("committee"), pk=pk)
    ip = _client_ip(request)
    entries = list(publicity.entries.all())
    context = {"publicity": publicity, "status": svc.status_of(publicity)}
    if not publicity.is_open_on(svc.today()):
        context["closed"] = True
        return render(request, "meetings/publicity/objection_form.html", context)
    if svc.is_rate_limited(ip):
        context["limited"] = True
        return render(request, "meetings/publicity/objection_form.html", context, status=429)
    form = ObjectionForm(request.POST or None, request.FILES or None, entries=entries)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            svc.raise_objection(
                publicity,
                entry_id=data["entry"],
                name=data["name"],
                phone=data["phone"],
                text=data["text"],
                attachment=data.get("attachment"),
                ip=ip,
            )
        except svc.PublicityError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("您的异议已提交，评审委员会将依规核查处理。"))
            return redirect("meetings:public-detail", publicity.pk)
    context["form"] = form
    return render(request, "meetings/publicity/objection_form.html", context)

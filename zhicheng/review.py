"""The one review action: 审核通过 / 上报 / 接收 / 退回 on every chain (units, unit changes,
filings, applications, backfill forms).

    return review_action(
        request, obj,
        act=lambda step_id, reason: services.return_unit(org, by=request.user,
                                                         expected_step_id=step_id, reason=reason),
        title=_("退回"), confirm_text=..., button=_("确认退回"),
        review_url=..., queue_url=..., done_message=_("已退回"),
        needs_reason=True, form_page=lambda form: render(...),   # only for a return
    )

What it owns, so that no view repeats it:
- the step the reviewer saw: one hidden field, `expected_step` (ReviewForm);
- a stale link — GET or POST, from the back button or a second reviewer — gets the platform page
  「该记录已被他人处理，请刷新后重试」 with a link back to the queue (status 409), never a bare 403;
- the confirm step (POST without confirm=1 → confirm page; a form page that is itself the
  confirmation posts confirm=1);
- "a return needs a reason", checked here once; an approval may carry an optional opinion (the services check it again for other callers);
- refusals: any PlatformError shown as a message on the review page.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .errors import PlatformError
from .views import confirm_page
from .workflow import CONFLICT_MESSAGE, ChainConflict


class ReviewForm(forms.Form):
    expected_step = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=gettext_lazy("退回原因"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, require_reason=False, reason_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        field.required = require_reason
        if reason_label:
            field.label = reason_label
        # 请填写退回原因。/ 请填写回退原因。/ 请填写办理意见。 — the chain's own word for it
        self.reason_required = _("请填写%(label)s。") % {"label": field.label}
        field.error_messages["required"] = self.reason_required

    def clean_reason(self):
        reason = (self.cleaned_data.get("reason") or "").strip()
        if self.fields["reason"].required and not reason:
            raise ValidationError(self.reason_required, code="required")
        return reason


def review_form(obj, *, needs_reason=False, reason_label=None, data=None):
    """The form a detail page renders for its 审核 box (the step it shows is the current one)."""
    return ReviewForm(
        data,
        require_reason=needs_reason,
        reason_label=reason_label,
        initial={"expected_step": obj.current_step_id},
    )


def stale_page(request, queue_url):
    return render(
        request,
        "includes/stale.html",
        {"message": CONFLICT_MESSAGE, "queue_url": queue_url},
        status=409,
    )


def review_action(
    request,
    obj,
    *,
    act,
    title,
    confirm_text,
    button,
    review_url,
    queue_url,
    done_message,
    done_url=None,
    needs_reason=False,
    reason_label=None,
    form_page=None,
):
    """`act(step_id, reason)` calls the service and returns the object; `done_message` is a
    string or a function of that object. `form_page(form)` renders the form page (GET, or a
    POST with errors): the return form with its required reason, or an approval with an
    optional opinion (backfill's 审核意见); without it the errors go back to the review page
    as a message."""
    if not obj.held_by(request.user):
        return stale_page(request, queue_url)
    if request.method != "POST":
        if form_page is not None:
            return form_page(review_form(obj, needs_reason=needs_reason, reason_label=reason_label))
        return confirm_page(
            request,
            title=title,
            text=confirm_text,
            button=button,
            cancel_url=review_url,
            hidden={"expected_step": obj.current_step_id},
        )
    form = review_form(obj, needs_reason=needs_reason, reason_label=reason_label, data=request.POST)
    if not form.is_valid():
        if "expected_step" in form.errors:
            return stale_page(request, queue_url)
        if form_page is not None:
            return form_page(form)
        messages.error(request, " ".join(form.errors["reason"]))
        return redirect(review_url)
    step_id, reason = form.cleaned_data["expected_step"], form.cleaned_data["reason"]
    if step_id != obj.current_step_id:
        return stale_page(request, queue_url)
    if request.POST.get("confirm") != "1":
        hidden = {"expected_step": step_id}
        text = confirm_text
        if reason:
            hidden["reason"] = reason
            text = (
                f"{confirm_text}{_('%(label)s：%(r)s') % {'label': form.fields['reason'].label, 'r': reason}}"
            )
        return confirm_page(
            request, title=title, text=text, button=button, cancel_url=review_url, hidden=hidden
        )
    try:
        result = act(step_id, reason)
    except ChainConflict:
        return stale_page(request, queue_url)
    except PlatformError as exc:
        messages.error(request, str(exc))
        return redirect(review_url)
    messages.success(request, done_message(result) if callable(done_message) else done_message)
    return redirect(done_url or queue_url)

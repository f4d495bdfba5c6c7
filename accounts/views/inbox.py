"""我的消息."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..models import Message
from .common import page_of


# ---- 我的消息 -------------------------------------------------------------------------------------------
@login_required
def message_list(request):
    qs = Message.objects.filter(user=request.user).order_by("-created_at", "-pk")
    unread = qs.filter(read_at__isnull=True).count()
    return render(request, "accounts/messages.html", {"page_obj": page_of(request, qs), "unread": unread})


@login_required
@require_POST
def message_read(request, pk):
    message = get_object_or_404(Message, pk=pk, user=request.user)
    if message.read_at is None:
        Message.objects.filter(pk=message.pk).update(read_at=timezone.now())
    if request.POST.get("open") == "1" and message.url.startswith("/"):
        return redirect(message.url)
    return redirect("accounts:messages")


@login_required
@require_POST
def messages_read_all(request):
    Message.objects.filter(user=request.user, read_at__isnull=True).update(read_at=timezone.now())
    messages.success(request, _("已全部标为已读。"))
    return redirect("accounts:messages")

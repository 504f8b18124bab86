from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from . import services
from .models import Notification

PAGE_SIZE = 30


def index(request):
    notifications = Notification.objects.shown_to(request.user).newest_first()
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/index.html", {"page_obj": page})


@require_POST
def open_notification(request, pk):
    """Mark one read and go to what it is about."""
    notification = get_object_or_404(Notification.objects.shown_to(request.user), pk=pk)
    services.mark_read(user=request.user, notification_ids=[notification.pk])
    url = notification.url
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return redirect(url)
    return redirect("notifications:index")


@require_POST
def mark_read(request):
    """ "Mark all as read", or the ticked ones."""
    ids = [int(pk) for pk in request.POST.getlist("ids") if pk.isdigit()]
    if ids:
        count = services.mark_read(user=request.user, notification_ids=ids)
    else:
        count = services.mark_all_read(user=request.user)
    messages.success(
        request,
        ngettext(
            "%(count)s notification marked as read.",
            "%(count)s notifications marked as read.",
            count,
        )
        % {"count": count},
    )
    return redirect("notifications:index")

"""Stream and metrics pages. Every read goes through Activity.objects.visible_to(user)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from communities.models import is_site_admin
from communities.views import community_view

from . import metrics
from .forms import PeriodForm
from .models import Activity
from .streams import breaking_conversations, stream_page


def stream(request):
    """What's happening: recent activity in every community the member can see."""
    mine = request.GET.get("show") == "mine"
    activities = Activity.objects.visible_to(request.user)
    if mine:
        activities = activities.in_communities_of(request.user)
    page = stream_page(activities, request.GET.get("before"))
    return render(
        request,
        "activity/stream.html",
        {"page": page, "mine": mine, "query_string": "show=mine" if mine else ""},
    )


def conversations(request):
    """The communal space: breaking conversations in open communities."""
    activities = Activity.objects.visible_to(request.user).open_to_everyone()
    page = breaking_conversations(activities, request.GET.get("page"))
    return render(request, "activity/conversations.html", {"page_obj": page})


@community_view("view")
def community_stream(request, community, access):
    activities = Activity.objects.visible_to(request.user).in_community(community)
    page = stream_page(activities, request.GET.get("before"))
    return render(
        request,
        "activity/community_stream.html",
        {"community": community, "access": access, "active_tab": "home", "page": page},
    )


def _period_form(request):
    form = PeriodForm(request.GET or None)
    return form, form.get_period()


def site_metrics(request):
    if not is_site_admin(request.user):
        raise PermissionDenied(_("Only site administrators can see the site's usage figures."))
    form, period = _period_form(request)
    return render(
        request,
        "activity/metrics.html",
        {"form": form, "report": metrics.site_report(period)},
    )


@community_view("moderate")
def community_metrics(request, community, access):
    form, period = _period_form(request)
    context = {
        "form": form,
        "community": community,
        "access": access,
        "report": metrics.community_report(community, period),
    }
    return render(request, "activity/community_metrics.html", context)

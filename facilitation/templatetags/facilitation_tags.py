from django import template
from django.urls import reverse
from django.utils.translation import gettext

register = template.Library()


@register.filter
def duration(value):
    """A timedelta in words a facilitator reads at a glance: "5 h", "2 days 3 h", "—"."""
    if value is None:
        return "—"
    minutes = int(value.total_seconds() // 60)
    if minutes < 60:
        return gettext("%(minutes)s min") % {"minutes": minutes}
    hours = minutes // 60
    if hours < 48:
        return gettext("%(hours)s h") % {"hours": hours}
    days, hours = divmod(hours, 24)
    if hours:
        return gettext("%(days)s days %(hours)s h") % {"days": days, "hours": hours}
    return gettext("%(days)s days") % {"days": days}


@register.filter
def percent(value):
    return "—" if value is None else f"{value:g}%"


@register.simple_tag
def this_week_url(community):
    return reverse("facilitation:week", kwargs={"slug": community.slug})


@register.inclusion_tag("facilitation/includes/_weekly_email_choices.html", takes_context=True)
def weekly_email_choices(context):
    """The weekly facilitator email, on or off per community, for My alerts (the alerts app
    shows it without importing this app)."""
    from communities.models import Community, Membership
    from facilitation.models import WeeklyEmailOptOut

    request = context["request"]
    user = request.user
    rows = list(
        Membership.objects.filter(  # visibility: own memberships
            user=user,
            role=Membership.Role.FACILITATOR,
            community__status=Community.Status.APPROVED,
        )
        .order_by("community__name")
        .values_list("community_id", "community__name", "community__slug")
    )
    mine = WeeklyEmailOptOut.objects.filter(user=user)  # visibility: own rows
    off = set(mine.values_list("community_id", flat=True))
    return {
        "csrf_token": context.get("csrf_token"),
        "next": request.get_full_path(),
        "communities": [
            {"name": name, "slug": slug, "on": pk not in off} for pk, name, slug in rows
        ],
    }

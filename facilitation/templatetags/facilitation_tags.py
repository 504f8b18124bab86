from django import template
from django.urls import reverse

register = template.Library()


@register.filter
def duration(value):
    """A timedelta in words a facilitator reads at a glance: "5 h", "2 days 3 h", "—"."""
    if value is None:
        return "—"
    minutes = int(value.total_seconds() // 60)
    if minutes < 60:
        return f"{minutes} min"
    hours = minutes // 60
    if hours < 48:
        return f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} days {hours} h" if hours else f"{days} days"


@register.filter
def percent(value):
    return "—" if value is None else f"{value:g}%"


@register.simple_tag
def this_week_url(community):
    return reverse("facilitation:week", kwargs={"slug": community.slug})

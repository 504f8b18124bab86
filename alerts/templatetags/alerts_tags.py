from django import template
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Subquery

from alerts.models import AlertPreferences, Frequency, Subscription
from alerts.reach import alert_reach as reach_of
from alerts.targets import describe, type_label
from communities.models import is_signed_in

register = template.Library()


@register.inclusion_tag("alerts/includes/_subscribe.html", takes_context=True)
def subscribe_button(context, target, feature="", noun=None):
    """The "Subscribe for email alerts" tool for any followable page:

        {% load alerts_tags %}
        {% subscribe_button community %}                 the whole community
        {% subscribe_button community feature="forum" %}  its forum
        {% subscribe_button topic noun="this topic" %}    one topic

    A plain form posted to alerts:subscribe, so it works without JavaScript. One query: the
    person's subscription and their default frequency together.
    """
    request = context["request"]
    user = request.user
    if not is_signed_in(user) or target is None:
        return {"show": False}
    content_type = ContentType.objects.get_for_model(target)
    frequency, default_frequency = _frequencies(request, content_type, target.pk, feature)
    following = frequency not in (None, Frequency.OFF)
    chosen = frequency if following else (default_frequency or Frequency.DAILY)
    if chosen == Frequency.OFF:
        chosen = Frequency.DAILY
    return {
        "show": True,
        "target_label": type_label(content_type),
        "target_id": target.pk,
        "feature": feature,
        "noun": noun or describe(target, feature),
        "frequency_label": Frequency(frequency).label if frequency else "",
        "following": following,
        "chosen": chosen,
        "frequencies": Frequency.choices,
        "next": request.get_full_path(),
        "uid": f"sub-{content_type.pk}-{target.pk}-{feature or 'all'}",
    }


@register.inclusion_tag("alerts/includes/_join_choice.html", takes_context=True)
def join_alerts_choice(context, community):
    """On the welcome panel of a community someone has just joined: how to hear from it."""
    request = context["request"]
    user = request.user
    if not is_signed_in(user):
        return {"show": False}
    content_type = ContentType.objects.get_for_model(community)
    frequency, _ = _frequencies(request, content_type, community.pk, "")
    return {
        "show": True,
        "community": community,
        "target_label": type_label(content_type),
        "chosen": frequency or Frequency.DAILY,
        "frequencies": Frequency.choices,
        "next": request.get_full_path(),
    }


def _frequencies(request, content_type, target_id, feature):
    """(the person's frequency for this target or None, their default frequency or None) in one
    query, asked once per request however many tools on the page need it."""
    asked = request.__dict__.setdefault("_alert_frequencies", {})
    key = (content_type.pk, target_id, feature)
    if key not in asked:
        user = request.user
        subscription = (
            Subscription.objects.filter(
                user=user, target_type=content_type, target_id=target_id, feature=feature
            )
            .values("frequency")
            .order_by()[:1]
        )
        default = AlertPreferences.objects.filter(user=user).values("default_frequency")[:1]
        asked[key] = (
            get_user_model()
            .objects.filter(pk=user.pk)
            .values_list(Subquery(subscription), Subquery(default))
            .get()
        )
    return asked[key]


@register.inclusion_tag("alerts/includes/_reach.html")
def alert_reach(community):
    """How many of a community's members hear from it by email, for its usage-figures page."""
    return {"reach": reach_of(community), "community": community}

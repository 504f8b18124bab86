from django import template
from django.contrib.contenttypes.models import ContentType

from alerts.models import Frequency, Subscription
from alerts.services import preferences_for
from alerts.targets import describe, type_label
from communities.models import is_signed_in

register = template.Library()


@register.inclusion_tag("alerts/includes/_subscribe.html", takes_context=True)
def subscribe_button(context, target, feature="", noun=None):
    """The seed's "Subscribe for email alerts" tool for any followable page:

        {% load alerts_tags %}
        {% subscribe_button community %}                 the whole community
        {% subscribe_button community feature="forum" %}  its forum
        {% subscribe_button topic noun="this topic" %}    one topic

    A plain form posted to alerts:subscribe, so it works without JavaScript. Two queries: the
    person's subscription and their default frequency.
    """
    request = context["request"]
    user = request.user
    if not is_signed_in(user) or target is None:
        return {"show": False}
    content_type = ContentType.objects.get_for_model(target)
    subscription = Subscription.objects.filter(
        user=user, target_type=content_type, target_id=target.pk, feature=feature
    ).first()
    following = subscription is not None and subscription.frequency != Frequency.OFF
    chosen = subscription.frequency if following else preferences_for(user).default_frequency
    if chosen == Frequency.OFF:
        chosen = Frequency.DAILY
    return {
        "show": True,
        "target_label": type_label(content_type),
        "target_id": target.pk,
        "feature": feature,
        "noun": noun or describe(target, feature),
        "subscription": subscription,
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
    subscription = Subscription.objects.filter(
        user=user, target_type=content_type, target_id=community.pk, feature=""
    ).first()
    return {
        "show": True,
        "community": community,
        "target_label": type_label(content_type),
        "chosen": subscription.frequency if subscription else Frequency.DAILY,
        "frequencies": Frequency.choices,
        "next": request.get_full_path(),
    }

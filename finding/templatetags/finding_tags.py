"""Template tags the lower layers' pages use: the directory's recommendations, the newcomer
checklist on a community home, a facilitator's link to the newcomers page, and "ask someone"
next to a waiting question."""

from django import template

from core.roles import is_signed_in

from .. import newcomers, routing
from ..recommend import member_terms, recommend

register = template.Library()


@register.inclusion_tag("finding/includes/_recommendations.html", takes_context=True)
def recommended_communities(context, heading="h2"):
    request = context["request"]
    user = request.user
    if not is_signed_in(user):
        return {"hidden": True}
    terms = member_terms(user)
    return {
        "recommendations": recommend(user, terms=terms),
        "has_terms": bool(terms),
        "heading": heading,
        "next": request.get_full_path(),
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("finding/includes/_checklist.html", takes_context=True)
def newcomer_checklist(context, community, access):
    request = context["request"]
    steps = newcomers.checklist(request.user, community, access)
    return {
        "steps": steps,
        "community": community,
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag
def can_ask_about(topic, user, access):
    """Whether `user` may ask people to help with `topic` now (it is waiting for a reply)."""
    return routing.can_ask_for(topic, user, access) and routing.is_waiting(topic)


@register.inclusion_tag("finding/includes/_week_blocks.html")
def newcomer_week_blocks(community):
    """For a facilitators' weekly page: newcomers who have not started, and first posts still
    waiting for a reply (the caller has checked the viewer may moderate `community`)."""
    return {
        "community": community,
        "not_started": newcomers.newcomers_not_started(community),
        "first_posts": newcomers.first_posts_awaiting_reply(community),
    }

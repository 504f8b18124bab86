from django import template

from polls.models import Poll
from polls.selectors import newest_open_poll, poll_card

register = template.Library()


@register.inclusion_tag("polls/includes/_home_poll.html", takes_context=True)
def community_poll(context, community, access):
    """The community home's poll (a side panel): the newest open poll, with its vote
    form or results. Nothing when no poll is open (or the feature is off: the rule)."""
    request = context["request"]
    poll, choices = newest_open_poll(
        Poll.objects.visible_to(request.user).in_community(community), request.user
    )
    if poll is None:
        return {"poll": None, "community": community, "can_manage": False}
    poll.community = community
    card = poll_card(poll, request.user, access, choices=choices)
    return {
        **card,
        "community": community,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "on_home": True,
    }

"""How the community pages (a lower layer) show toolkits and closedown without importing
lifecycle: `{% load lifecycle_tags %}` in their templates."""

from django import template

from communities.models import Community

from .. import selectors

register = template.Library()


@register.inclusion_tag("lifecycle/includes/_toolkit.html", takes_context=True)
def toolkit_panel(context, community, access):
    """The stage's checklist with its progress; tick boxes for facilitators. Three queries."""
    tasks = selectors.checklist(community)
    done = sum(1 for task in tasks if task.tick)
    return {
        "community": community,
        "access": access,
        "tasks": tasks,
        "progress": selectors.Progress(done, len(tasks)),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("lifecycle/includes/_closedown_note.html", takes_context=True)
def closedown_note(context, community):
    """On a community in closedown: until when members may post, the lessons learned, the
    archive, and the successor when the viewer may see it. No query at any other stage."""
    if community.stage != Community.Stage.CLOSEDOWN:
        return {"show": False}
    request = context.get("request")
    user = getattr(request, "user", None)
    closedown = selectors.closedown_for(community)
    return {
        "show": True,
        "community": community,
        "closedown": closedown,
        "successor": selectors.visible_successor(closedown, user) if user else None,
    }

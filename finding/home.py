"""The "Communities you might like" panel on My home."""

from core.services import register_home_section

from .recommend import member_terms, recommend


@register_home_section
def recommended_communities(user):
    terms = member_terms(user)
    return {
        "template": "finding/includes/_home_section.html",
        "recommendations": recommend(user, terms=terms),
        "has_terms": bool(terms),
    }

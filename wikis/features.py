"""The wiki, declared once: see core/features.py."""

from django.utils.formats import date_format
from django.utils.timezone import localtime

from core.features import CONTRIBUTES, CREATES, Feature, Figure, Verb, register
from profiles.export import authored

from . import demo
from .models import Revision, WikiPage
from .search import WikiPageAdapter

WIKI_CREATED = Verb("wiki_created", "Wiki page created", "created the wiki page", role=CREATES)
WIKI_EDITED = Verb("wiki_edited", "Wiki page edited", "edited the wiki page", role=CONTRIBUTES)


def _when(moment):
    return date_format(localtime(moment), "j M Y, H:i") if moment else ""


def _name(user):
    return user.display_name if user else "someone who has left"


def archive_pages(community):
    """The community archive's wiki: every page with its final text (one query)."""
    pages = (
        WikiPage.objects.filter(community=community)
        .select_related("current_revision", "last_editor")
        .a_to_z()
    )
    for page in pages:
        revision = page.current_revision
        yield {
            "title": page.title,
            "meta": f"Version {page.version}, last edited by {_name(page.last_editor)}"
            f" on {_when(page.updated)}",
            "body": revision.body if revision else "",
        }


WIKI = register(
    Feature(
        key="wiki",
        label="Wiki",
        tab="wikis:index",
        order=40,
        models=("wikis.WikiPage",),
        verbs=(WIKI_CREATED, WIKI_EDITED),
        figures=(
            Figure("wiki_pages", "Wiki pages created", (WIKI_CREATED,)),
            Figure("wiki_edits", "Wiki edits", (WIKI_EDITED,)),
        ),
        search=(WikiPageAdapter(WikiPage),),
        exports={
            "wiki_edits": authored(
                Revision,
                author_field="author",
                fields=["id", "page__community__name", "title", "body", "reason", "created"],
            )
        },
        demo=demo.seed,
        archive=archive_pages,
    )
)

"""The wiki, declared once: see core/features.py."""

from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.features import CONTRIBUTES, CREATES, Feature, Figure, Verb, register
from profiles.export import authored

from . import demo
from .models import Revision, WikiPage
from .search import WikiPageAdapter

WIKI_CREATED = Verb(
    "wiki_created", _("Wiki page created"), _("created the wiki page"), role=CREATES
)
WIKI_EDITED = Verb(
    "wiki_edited", _("Wiki page edited"), _("edited the wiki page"), role=CONTRIBUTES
)


def _when(moment):
    return date_format(localtime(moment), "j M Y, H:i") if moment else ""


def _name(user):
    return user.display_name if user else gettext("someone who has left")


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
            "meta": gettext("Version %(version)s, last edited by %(name)s on %(when)s")
            % {
                "version": page.version,
                "name": _name(page.last_editor),
                "when": _when(page.updated),
            },
            "body": revision.body if revision else "",
        }


WIKI = register(
    Feature(
        key="wiki",
        label=_("Wiki"),
        tab="wikis:index",
        order=40,
        models=("wikis.WikiPage",),
        verbs=(WIKI_CREATED, WIKI_EDITED),
        figures=(
            Figure("wiki_pages", _("Wiki pages created"), (WIKI_CREATED,)),
            Figure("wiki_edits", _("Wiki edits"), (WIKI_EDITED,)),
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

"""The wiki, declared once: see core/features.py."""

from core.features import CONTRIBUTES, CREATES, Feature, Figure, Verb, register
from profiles.export import authored

from . import demo
from .models import Revision, WikiPage
from .search import WikiPageAdapter

WIKI_CREATED = Verb("wiki_created", "Wiki page created", "created the wiki page", role=CREATES)
WIKI_EDITED = Verb("wiki_edited", "Wiki page edited", "edited the wiki page", role=CONTRIBUTES)

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
    )
)

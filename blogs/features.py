"""Blog entries published into communities, declared once: see core/features.py.

Blog entries also live outside communities, on their authors' personal blogs: the entry is a
personal subject, so its activity may be logged with no community and is shown by the entry's
own rule (BlogEntry.objects.visible_to).
"""

from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.features import CREATES, Feature, Figure, Verb, register
from profiles.export import authored

from . import demo
from .models import BlogEntry
from .search import BlogEntryAdapter

BLOG_PUBLISHED = Verb(
    "blog_published",
    _("Blog entry published"),
    _("published a blog entry:"),
    role=CREATES,
    conversation=True,
)


def _when(moment):
    return date_format(localtime(moment), "j M Y, H:i") if moment else ""


def _name(user):
    return user.display_name if user else gettext("someone who has left")


def archive_pages(community):
    """The community archive's blog entries: those published here and still shown (not removed,
    their author's blog active). One query."""
    entries = (
        BlogEntry.objects.live()
        .published_in(community)
        .exclude(author__blog__is_active=False)
        .select_related("author")
        .order_by("-created", "-pk")
        .distinct()
    )
    for entry in entries:
        yield {
            "title": entry.title,
            "meta": gettext("By %(name)s on %(when)s")
            % {"name": _name(entry.author), "when": _when(entry.created)},
            "body": entry.body,
        }


BLOGS = register(
    Feature(
        key="blogs",
        label=_("Blog entries"),
        tab="blogs:community",
        order=60,
        models=("blogs.BlogPublication",),
        personal_subjects=("blogs.BlogEntry",),
        verbs=(BLOG_PUBLISHED,),
        figures=(Figure("blog_posts", _("Blog posts"), (BLOG_PUBLISHED,)),),
        search=(BlogEntryAdapter(BlogEntry),),
        exports={
            "blog_entries": authored(
                BlogEntry,
                author_field="author",
                fields=["id", "title", "body", "created", "edited_at", "removed_at"],
            )
        },
        demo=demo.seed,
        archive=archive_pages,
    )
)

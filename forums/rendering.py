"""The part of each post on a thread page that every viewer allowed to see it sees alike (byline,
dates, removal note, body, attachments), rendered once and then taken from the cache.

A fragment's key is a digest of every value its template is given, of the language and time zone
it is rendered in and of the code that renders it (the template and the rich-text pipeline). So
an edit, a hide or restore, a new display name, an accepted answer or a removed attachment makes a
new key and the page shows it on the next request; nothing needs forgetting, and stale entries
age out. What differs between viewers (Helpful, Report, reply, edit, delete, moderation) is never
in a fragment: forums/selectors.post_tools and the page template add it around.
"""

import hashlib
import logging
from functools import cache as memoise
from pathlib import Path

from django.core.cache import cache
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

log = logging.getLogger(__name__)

TEMPLATE = "forums/includes/_post_head.html"
INCLUDED = ["richtext/includes/_attachments.html"]
LIFETIME = 7 * 24 * 3600  # unused fragments age out; a change never waits for this


@memoise
def _code_version():
    """A digest of the code a fragment's HTML depends on: its template and the one it includes,
    the richtext filter's sanitiser and video embeds (so a change to any of them is never served
    from old entries)."""
    from richtext import embeds, sanitise
    from richtext.templatetags import richtext

    digest = hashlib.sha256()
    for name in (TEMPLATE, *INCLUDED):
        digest.update(get_template(name).template.source.encode())
    for module in (sanitise, embeds, richtext):
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()[:16]


def _values(post, id_prefix):
    """Everything the fragment template shows, as plain values."""
    show_body = post.show_body
    return {
        "id_prefix": id_prefix,
        "pk": post.pk,
        "anchor": post.anchor,
        "author": post.author.display_name,
        "in_reply_to": post.parent.author.display_name if post.show_in_reply_to else "",
        "parent_url": post.links.parent if post.show_in_reply_to else "",
        "permalink": post.links.permalink,
        "created": post.created,
        "edited_at": post.edited_at,
        "is_answer": post.is_answer,
        "is_opening": post.is_opening,
        "is_removed": post.is_removed,
        "removal_display": str(post.get_removal_display()) if post.is_removed else "",
        "show_body": show_body,
        "attachments_label_id": f"{id_prefix}files-{post.anchor}",
        "body": post.body if show_body else "",
        "attachments": [
            {
                "get_absolute_url": file.get_absolute_url(),
                "name": file.name,
                "is_image": file.is_image,
                "size_label": str(file.size_label),
            }
            for file in post.attachment_list
        ]
        if show_body
        else [],
    }


def _key(values):
    setting = (_code_version(), translation.get_language(), timezone.get_current_timezone_name())
    digest = hashlib.sha256(repr((setting, sorted(values.items()))).encode()).hexdigest()
    return f"forums:post-head:{digest}"


def post_heads(posts, *, id_prefix=""):
    """Set `post.head` (safe HTML) on each post: from the cache where it holds the fragment,
    otherwise rendered and stored, in one round trip each way. Without a cache it renders."""
    values = {}
    keyed = []
    for post in posts:
        post_values = _values(post, id_prefix)
        key = _key(post_values)
        values.setdefault(key, post_values)
        keyed.append((post, key))
    try:
        found = cache.get_many(list(values))
        cache_up = True
    except Exception:
        log.warning("forums: cache unavailable for post fragments", exc_info=True)
        found, cache_up = {}, False
    template, made = get_template(TEMPLATE), {}
    for post, key in keyed:
        html = found.get(key) or made.get(key)
        if html is None:
            html = made[key] = template.render(values[key])
        post.head = mark_safe(html)  # noqa: S308 - our own template's output, escaped there
    if made and cache_up:
        try:
            cache.set_many(made, LIFETIME)
        except Exception:
            log.warning("forums: cache unavailable for post fragments", exc_info=True)

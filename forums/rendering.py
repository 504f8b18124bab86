"""A thread page's posts, rendered once and then taken from the cache, at three levels.

Each post's head: the part every viewer allowed to see it sees alike (byline, dates, removal
note, body, attachments). Each block of posts (the opening post, the accepted answer's copy, a
page of replies): the heads with the controls around them, under a digest of the heads' keys and
of every per-post value the controls show (this viewer's links, Helpful marks, nesting). Viewers
whose controls come out the same share a block; one whose differ (their own posts, their marks,
another role) gets a block of their own, so nobody is ever served another viewer's controls. The
request's CSRF token and address are put into a block after it is read, never stored in it.
And the page's blocks together (`thread_blocks`), under a digest of the page's rows as read from
the database (every column shown, the names, the Helpful marks, the files) and of what this
viewer may do: found there, no post is built and no block key worked out.

A fragment's key is a digest of every value its template is given, of the language and time zone
it is rendered in and of the code that renders it (the template and the rich-text pipeline). So
an edit, a hide or restore, a new display name, an accepted answer or a removed attachment makes a
new key and the page shows it on the next request; nothing needs forgetting, and stale entries
age out. What differs between viewers (Helpful, Report, reply, edit, delete, moderation) is never
in a head: forums/selectors.post_tools works it out and _posts.html adds it around.
"""

import hashlib
import logging
from functools import cache as memoise
from pathlib import Path

from django.core.cache import cache
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.html import escape
from django.utils.safestring import mark_safe

from core.fragments import cached_rows

from . import selectors

log = logging.getLogger(__name__)

TEMPLATE = "forums/includes/_post_head.html"
INCLUDED = ["richtext/includes/_attachments.html"]
BLOCK_TEMPLATE = "forums/includes/_posts.html"
ROWS_TEMPLATE = "forums/includes/_topic_rows.html"
ROWS_INCLUDED = ["forums/includes/_topic_badges.html"]
LIFETIME = 7 * 24 * 3600  # unused fragments age out; a change never waits for this
PAGE_LIFETIME = 24 * 3600  # a page's blocks: one entry per state of the page and set of controls


@memoise
def _slot(name):
    """A stand-in rendered into a stored block and replaced by the request's own value when the
    block is served. Derived from the secret key, so no text a member writes can hold one (and
    have the viewer's CSRF token put in its place)."""
    return f"slot{salted_hmac('forums.rendering.slot', name).hexdigest()[:24]}"


@memoise
def _code_version():
    """A digest of the code a fragment's HTML depends on: its template and the one it includes,
    the richtext filter's sanitiser and video embeds (so a change to any of them is never served
    from old entries)."""
    from richtext import embeds, sanitise
    from richtext.templatetags import richtext

    digest = hashlib.sha256()
    for name in (TEMPLATE, *INCLUDED, BLOCK_TEMPLATE):
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


@memoise
def _page_code_version():
    """`_code_version` and the code that turns a page's rows into posts and their controls
    (this module, the selectors, the display name rule), which `page_key` does not see run."""
    from accounts import models as accounts_models

    from . import selectors

    digest = hashlib.sha256(_code_version().encode())
    for module in (selectors, accounts_models):
        digest.update(Path(module.__file__).read_bytes())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()[:16]


def _key(values, kind="post-head"):
    setting = (_code_version(), translation.get_language(), timezone.get_current_timezone_name())
    digest = hashlib.sha256(repr((setting, sorted(values.items()))).encode()).hexdigest()
    return f"forums:{kind}:{digest}"


def _get_many(keys):
    """(what the cache holds of `keys`, whether the cache answered)."""
    if not keys:
        return {}, True
    try:
        return cache.get_many(keys), True
    except Exception:
        log.warning("forums: cache unavailable for post fragments", exc_info=True)
        return {}, False


def _set_many(made, lifetime=LIFETIME):
    try:
        cache.set_many(made, lifetime)
    except Exception:
        log.warning("forums: cache unavailable for post fragments", exc_info=True)


def _heads(posts):
    """Set `post.head` (safe HTML) on each of `posts` (each with `head_key` and `head_values`
    from `_keyed`): from the cache where it holds the fragment, otherwise rendered and stored."""
    found, cache_up = _get_many(list({post.head_key for post in posts}))
    template, made = get_template(TEMPLATE), {}
    for post in posts:
        key = post.head_key
        html = found.get(key) or made.get(key)
        if html is None:
            html = made[key] = template.render(post.head_values)
        post.head = mark_safe(html)  # noqa: S308 - our own template's output, escaped there
    if made and cache_up:
        _set_many(made)


def _keyed(posts, id_prefix):
    for post in posts:
        post.head_values = _values(post, id_prefix)
        post.head_key = _key(post.head_values)


def post_heads(posts, *, id_prefix=""):
    """Set `post.head` (safe HTML) on each post: from the cache where it holds the fragment,
    otherwise rendered and stored, in one round trip each way. Without a cache it renders."""
    _keyed(posts, id_prefix)
    _heads(posts)


def _block_key(posts, id_prefix, thread, answer_url):
    """A digest of everything _posts.html shows of these posts, besides the request's CSRF token
    and address: each head's key and each value the per-post part reads."""
    shown = [
        (
            post.head_key,
            post.pk,
            post.anchor,
            str(getattr(post, "before", "")),
            getattr(post, "display_level", 0),
            post.is_removed,
            post.is_answer,
            post.is_opening,
            post.author.display_name,
            post.helpful_count,
            tuple(post.helpful_names),
            post.helpful_mine,
            tuple(sorted(vars(post.links).items())),
        )
        for post in posts
    ]
    return _key(
        {"id_prefix": id_prefix, "thread": thread, "answer_url": answer_url, "posts": shown},
        kind="posts",
    )


def post_blocks(blocks, *, answer_url):
    """{name: (posts, id_prefix, thread)} -> {name: HTML of _posts.html for them} with the
    stand-ins for the request's CSRF token and address (`serve` puts the request's own in). A
    block the cache holds costs nothing but its key; only the blocks it lacks are rendered
    (their heads from the cache where it holds them) and stored."""
    keys = {}
    for name, (posts, id_prefix, thread) in blocks.items():
        _keyed(posts, id_prefix)
        keys[name] = _block_key(posts, id_prefix, thread, answer_url)
    found, cache_up = _get_many(list(set(keys.values())))
    missing = [name for name in blocks if keys[name] not in found]
    made = {}
    if missing:
        _heads([post for name in missing for post in blocks[name][0]])
        template = get_template(BLOCK_TEMPLATE)
        for name in missing:
            posts, id_prefix, thread = blocks[name]
            if keys[name] not in made:
                made[keys[name]] = template.render(
                    {
                        "block_posts": posts,
                        "id_prefix": id_prefix,
                        "thread": thread,
                        "answer_url": answer_url,
                        "csrf_token": _slot("csrf"),
                        "here": _slot("here"),
                    }
                )
        if cache_up:
            _set_many(made)
    return {name: found.get(key) or made[key] for name, key in keys.items()}


def serve(request, blocks):
    """{name: safe HTML}: `post_blocks`' HTML with this request's address and CSRF token."""
    here, token = escape(request.get_full_path()), None
    html = {}
    for name, block in blocks.items():
        block = block.replace(_slot("here"), here)
        if _slot("csrf") in block:  # asked only when a form needs it, as {% csrf_token %} does
            token = token or get_token(request)
            block = block.replace(_slot("csrf"), token)
        html[name] = mark_safe(block)  # noqa: S308 - our own template's output, escaped there
    return html


def page_key(*, topic, rows, marks, files, viewer, answer_url, **controls):
    """A digest of everything the blocks of one page of a thread show, taken from the page's
    rows before any post is built: the opening post and accepted answer (as the topic holds
    them), each reply's row (every column shown, its author's and parent's author's names),
    who marked each Helpful, each attachment, and what this viewer may do (`controls`: reply,
    post, moderate, choose the answer). Of the viewer themself only what changes their
    controls is in it: being signed in, which of the shown posts are theirs and which they
    marked, so readers whose controls match share the entry as they share blocks."""
    extra = sorted({topic.opening_post, topic.accepted_answer} - {None}, key=lambda p: p.pk)
    shown = [
        (*(getattr(post, column) for column in selectors.POST_COLUMNS), post.author.name)
        for post in extra
    ]
    authors = [(row[0], row[selectors.AUTHOR]) for row in rows]
    authors += [(post.pk, post.author_id) for post in extra]
    authored = sorted({pk for pk, author in authors if viewer is not None and author == viewer})
    values = {
        "topic": (topic.pk, topic.community.slug, topic.accepted_answer_id, topic.opening_post_id),
        "shown": shown,
        "rows": [row[: len(selectors.ROW_FIELDS)] for row in rows],  # not the total: not shown
        "marks": marks,
        "files": [
            (owner, file.pk, file.key, file.name, file.content_type, file.size, str(file.file))
            for owner, attached in sorted(files.items())
            for file in attached
        ],
        "viewer": (viewer is not None, authored, sorted({m[0] for m in marks if m[1] == viewer})),
        "answer_url": answer_url,
        "controls": sorted(controls.items()),
        "code": _page_code_version(),
    }
    return _key(values, kind="thread-page")


def thread_blocks(request, *, topic, page_obj, answer_url, **controls):
    """({name: safe HTML} of the page's blocks of posts, the markup closing its nested lists).

    The page's rows, marks and files are read (three queries) and digested into `page_key`;
    when the cache holds the blocks under it, no post is built and no block key worked out. So
    a reader whose controls match an earlier reader's of the same state of the page costs only
    those reads; otherwise the posts are built and their blocks found or rendered
    (`post_blocks`) and kept under the page's key. `controls`: can_reply, can_post,
    can_moderate and can_choose_answer for this viewer."""
    rows = page_obj.object_list
    opening, answer = topic.opening_post, topic.accepted_answer
    shown = [row[0] for row in rows] + [p.pk for p in (opening, answer) if p is not None]
    marks, files = selectors.thread_facts(shown)
    user = request.user
    key = page_key(
        topic=topic,
        rows=rows,
        marks=marks,
        files=files,
        viewer=user.pk,
        answer_url=answer_url,
        page=page_obj.number,
        **controls,
    )
    found, cache_up = _get_many([key])
    blocks = found.get(key)
    if blocks is not None:
        return serve(request, blocks), selectors.thread_closing(rows)
    posts, closing = selectors.thread_posts(
        topic=topic, rows=rows, marks=marks, files=files, user=user,
        can_moderate=controls["can_moderate"],
    )  # fmt: skip
    everything = [post for post in (opening, *posts, answer) if post is not None]
    selectors.post_tools(everything, topic=topic, user=user, **controls)
    parts = {"replies": (posts, "", True)}
    if opening is not None:
        parts["opening"] = ([opening], "", False)
    if answer is not None and not answer.is_removed and page_obj.number == 1:
        parts["answer"] = ([answer], "answer-", False)  # its own copy, with ids of its own
    blocks = post_blocks(
        {name: part for name, part in parts.items() if part[0]}, answer_url=answer_url
    )
    if cache_up:
        _set_many({key: blocks}, PAGE_LIFETIME)
    return serve(request, blocks), closing


# --- the topic list ----------------------------------------------------------------------------
def _row_values(topic):
    """Everything _topic_rows.html (and the badges it includes) shows of one topic."""
    poster = topic.last_poster
    return (
        *(topic.pk, topic.url, topic.title, topic.teaser, topic.reply_count),
        *(topic.last_activity_at, poster.display_name if poster else ""),
        *(topic.is_pinned, topic.is_locked, topic.kind, topic.is_answered, topic.is_removed),
    )


def topic_rows(topics):
    """The safe HTML of the topic list's rows for `topics`: the same for every viewer shown
    these topics, so it is rendered once and then read from the cache (core.fragments) under
    what each row shows. A new reply, an edit of the title, a rename of the last poster, a pin,
    lock, answer or deletion makes a new key."""
    values = [_row_values(topic) for topic in topics]
    return cached_rows(
        "forums-topic-rows", (ROWS_TEMPLATE, *ROWS_INCLUDED), values, {"topics": topics}
    )

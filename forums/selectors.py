"""Reads for forum pages. Each returns one page with a fixed number of queries, whatever the
number of topics or replies (tests/forums/test_queries.py holds them to it)."""

from collections import defaultdict
from types import SimpleNamespace

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Count, Subquery
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from conversations.models import Reaction
from core.links import url_maker
from richtext.models import Attachment

from .models import DISPLAY_DEPTH, Post, Topic

SORTS = {"current": _("Most current"), "az": _("A–Z"), "mine": _("My topics")}
PAGE_SIZES = (8, 20, 50)
DEFAULT_PAGE_SIZE = 20
THREAD_PAGE_SIZE = 50
# What the topic list shows of each topic and its last poster.
LIST_FIELDS = (
    *("community", "title", "kind", "teaser", "is_pinned", "is_locked", "reply_count"),
    *("last_activity_at", "accepted_answer", "removed_at", "removal", "last_poster__name"),
)
# What a page of replies reads of each reply (in the model's field order, so that a reply can be
# built from its row), its author's name and its parent's author: every value the page shows of
# it. Read as plain rows, a page is known (and its cached HTML found) without building fifty
# posts and a hundred users; they are built only when the HTML has to be rendered.
POST_COLUMNS = (
    *("id", "created", "community_id", "removed_at", "removal", "topic_id", "author_id", "body"),
    *("parent_id", "path", "depth", "is_opening", "edited_at", "helpful_count"),
)
ROW_FIELDS = (*POST_COLUMNS, "author__name", "parent__author_id", "parent__author__name")
DEPTH, AUTHOR = POST_COLUMNS.index("depth"), POST_COLUMNS.index("author_id")


def topic_list(
    *, community, user, sort="current", per_page=DEFAULT_PAGE_SIZE, page=None, include_removed=False
):
    topics = (
        Topic.objects.visible_to(user)
        .in_community(community)
        .select_related("last_poster")
        .only(*LIST_FIELDS)
    )
    if not include_removed:
        topics = topics.live()
    if sort == "az":
        topics = topics.a_to_z()
    elif sort == "mine":
        topics = topics.involving(user).most_current()
    else:
        topics = topics.most_current()
    page_obj = Paginator(topics, per_page).get_page(page)
    page_obj.object_list = list(page_obj.object_list)
    topic_url = url_maker("forums:topic", slug=community.slug)
    for topic in page_obj.object_list:
        topic.community = community  # for links, without a query per row
        topic.url = topic_url(topic.pk)
    return page_obj


def thread_position(post):
    """How many replies come before `post` in reading order (for its page number)."""
    return Post.objects.filter(topic_id=post.topic_id, is_opening=False, path__lt=post.path).count()


def thread_page_number(post):
    return thread_position(post) // THREAD_PAGE_SIZE + 1


OPEN_LIST = '<ol class="thread__replies">'


def _nesting(posts):
    """Give each post of the page the markup that opens/closes the nested lists around it,
    so the template renders a page of the thread as nested <ol>s without recursion. A page that
    starts inside a deep sub-thread opens the outer levels first (marked as continued)."""
    previous = None
    for post in posts:
        level = min(post.depth, DISPLAY_DEPTH)
        post.display_level = level
        if previous is None:
            before = "".join(
                '<li class="thread__continued"><span class="visually-hidden">continued</span>'
                + OPEN_LIST
                for _ in range(level - 1)
            )
        elif level > previous:
            before = OPEN_LIST * (level - previous)
        else:
            before = "</li>" + "</ol></li>" * (previous - level)
        post.before = mark_safe(before)  # noqa: S308 - fixed markup, no data
        previous = level
    closing = "" if previous is None else "</li>" + "</ol></li>" * (previous - 1)
    return mark_safe(closing)  # noqa: S308 - fixed markup, no data


def _thread_page(replies, page, fields):
    """The requested page of replies and their total in one query (a count as a scalar
    subquery, computed once), instead of the paginator's COUNT first. A window count would make
    PostgreSQL join every reply of the thread to its authors before taking the page. A page
    number past the end or not a number costs the count and falls back to the paginator's own
    choice of page. `replies` are one topic's; the page's rows are tuples of `fields` (a row read
    with its total has the total last)."""
    try:
        number = int(page or 1)
    except (TypeError, ValueError):
        number = 0
    rows = []
    if number >= 1:
        start = (number - 1) * THREAD_PAGE_SIZE
        total = replies.order_by().values("topic_id").annotate(n=Count("pk")).values("n")
        counted = replies.annotate(thread_total=Subquery(total))
        counted = counted.values_list(*fields, "thread_total")
        rows = list(counted[start : start + THREAD_PAGE_SIZE])
    paginator = Paginator(replies.values_list(*fields), THREAD_PAGE_SIZE)
    if rows:
        paginator.count = rows[0][-1]  # cached_property: set once, never counted
    page_obj = paginator.get_page(page)
    page_obj.object_list = rows if rows and page_obj.number == number else list(page_obj)
    return page_obj


def thread_page(*, topic, page=None):
    """One page of a topic's replies in thread order, as rows of ROW_FIELDS (one query)."""
    replies = Post.objects.filter(topic_id=topic.pk, is_opening=False).order_by("path")
    return _thread_page(replies, page, ROW_FIELDS)


def thread_facts(posts):
    """What the page shows of `posts` (ids) besides their rows, in two queries: who marked each
    Helpful ((post id, user id, name) in the order conversations lists them) and each post's
    attachments ({post id: [Attachment]})."""
    if not posts:
        return [], {}
    post_type = ContentType.objects.get_for_model(Post)
    marks = list(
        Reaction.objects.filter(target_type=post_type, target_id__in=posts).values_list(
            "target_id", "user_id", "user__name"
        )
    )
    files = defaultdict(list)
    for attachment in Attachment.objects.filter(owner_type=post_type, owner_id__in=posts):
        files[attachment.owner_id].append(attachment)
    return marks, files


def thread_closing(rows):
    """The markup that closes a page of replies' nested lists (as `thread_posts` nests them)."""
    return _nesting([SimpleNamespace(depth=row[DEPTH]) for row in rows])


def _reply(row, db):
    """A reply built from its row, with its author and its parent's author, as the ORM builds
    it from the same columns."""
    post = Post.from_db(db, POST_COLUMNS, row[: len(POST_COLUMNS)])
    author_name, parent_author, parent_author_name = row[len(POST_COLUMNS) : len(ROW_FIELDS)]
    post.author = User.from_db(db, ("id", "name"), (post.author_id, author_name))
    if post.parent_id is not None:
        parent = Post.from_db(db, ("id", "author_id"), (post.parent_id, parent_author))
        parent.author = User.from_db(db, ("id", "name"), (parent_author, parent_author_name))
        post.parent = parent
    return post


def thread_posts(*, topic, rows, marks, files, user, can_moderate=False):
    """The page's replies built from `rows`, and the opening post and accepted answer, with
    everything the page shows of them (`thread_facts`' marks and files); and the markup that
    closes the page's nested lists."""
    posts = [_reply(row, Post.objects.db) for row in rows]
    opening = topic.opening_post
    everything = ([opening] if opening else []) + posts
    answer = topic.accepted_answer
    if answer is not None:  # shown first, as its own copy, whether or not it is on this page
        everything.append(answer)
    names, mine = defaultdict(list), set()
    viewer = getattr(user, "pk", None)
    for target, marker, name in marks:
        names[target].append(User(name=name).display_name)
        if marker == viewer:
            mine.add(target)
    for post in everything:
        post.helpful_names = names.get(post.pk, [])
        post.helpful_mine = post.pk in mine
        post.attachment_list = files.get(post.pk, [])
        post.topic, post.community = topic, topic.community
        post.show_body = not post.is_removed or can_moderate
        post.show_in_reply_to = False
    closing = _nesting(posts)
    on_page = {p.pk for p in posts}
    for post in posts:
        # Say whom a reply answers when nesting cannot show it: its parent is on another page,
        # or it is deeper than the thread is drawn.
        post.show_in_reply_to = post.depth > 1 and (
            post.parent_id not in on_page or post.depth > DISPLAY_DEPTH
        )
    return posts, closing


def post_tools(
    posts, *, topic, user, can_reply, can_post, can_moderate, can_choose_answer
):  # fmt: skip
    """Give each shown post `post.links`: its addresses, and for each thing this viewer may do
    with it (reply, edit, delete, restore, mark as the answer, mark Helpful, report) the URL
    (empty when not allowed). The thread template shows exactly these, so the rules live here
    and the per-post loop stays cheap."""
    slug = topic.community.slug
    url = {
        name: url_maker(f"forums:{name}", slug=slug)
        for name in ("post", "post_reply", "post_edit", "post_delete", "post_restore")
    }
    helpful = url_maker("conversations:helpful", kind=Post.conversation_kind)
    report = url_maker("conversations:report", kind=Post.conversation_kind)
    story = url_maker("value:helped", kind=Post.conversation_kind)
    viewer = user.pk if user.is_authenticated else None
    for post in posts:
        live = not post.is_removed
        own = viewer is not None and post.author_id == viewer
        reply = post.is_opening is False
        # Helpful, "Say how it helped" and Report: signed-in people, on what others wrote.
        respond = live and viewer is not None and not own
        post.links = SimpleNamespace(
            permalink=url["post"](post.pk),
            parent=url["post"](post.parent_id) if post.parent_id else "",
            reply=url["post_reply"](post.pk) if can_reply and live else "",
            edit=url["post_edit"](post.pk) if live and own and can_post else "",
            delete=url["post_delete"](post.pk)
            if live and reply and (can_moderate or own and can_post)
            else "",
            restore=url["post_restore"](post.pk) if not live and can_moderate and reply else "",
            choose=can_choose_answer and reply and live and post.pk != topic.accepted_answer_id,
            actions=respond,
            helpful=helpful(post.pk) if respond and can_reply else "",
            story=story(post.pk) if respond and can_reply else "",
            report=report(post.pk) if respond else "",
        )
        post.is_answer = post.pk == topic.accepted_answer_id


def page_numbers(page_obj):
    """1 2 … 7 8 9 … 20: every page near the current one and at the ends."""
    return list(
        page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)
    )

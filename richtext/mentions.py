"""@mentions: `@username` in rich text links to that member's profile, showing their name, and
tells them by email, but only when they can see what they were mentioned in.

Services call `link_mentions(html)` before saving (it returns the new HTML and the members it
found) and `notify_mentions_later(...)` in the same transaction, which records a task
(core/handoff.py) that runs `notify_mentions` once the change has committed; on edit, pass
`already=` the members mentioned before so nobody is told twice. Usernames are handles: the link
text is always the member's name.

`notify_mentions` is the one place that decides who hears about a mention.
"""

import re
from html.parser import HTMLParser

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape
from django.utils.translation import gettext as _

from core import handoff
from core.email import queue_templated_email
from core.quiet import is_quiet
from notifications.models import Notification
from notifications.services import notify_mention

from .sanitise import html_to_text, transform_text

MENTION = re.compile(r"(?<![\w@/.&])@([A-Za-z0-9_.+-]*[A-Za-z0-9_])")
MAX_MENTIONS = 20


def profile_url(user):
    """The member's profile page (profiles app), at /people/<username>/ by convention."""
    for name in ("profiles:detail", "profiles:profile"):
        try:
            return reverse(name, kwargs={"username": user.username})
        except NoReverseMatch:
            continue
    return f"/people/{user.username}/"


def _find_users(usernames):
    User = get_user_model()
    wanted = {name.lower() for name in usernames}
    if not wanted:
        return {}
    match_any = Q()
    for name in sorted(wanted):
        match_any |= Q(username__iexact=name)
    # Only people others may see at all (active, email verified): a mention links to a profile.
    candidates = User.objects.findable().filter(match_any)
    return {user.username.lower(): user for user in candidates}


def link_mentions(value):
    """(html, [users]) with each @username of an active member turned into a profile link."""
    if "@" not in (value or ""):
        return value, []
    names = []
    transform_text(value, lambda text: names.extend(MENTION.findall(text)) or text)
    users = _find_users(names[:MAX_MENTIONS])
    if not users:
        return value, []
    found = {}

    def replace(match):
        user = users.get(match.group(1).lower())
        if user is None:
            return match.group(0)
        found[user.pk] = user
        href, name = escape(profile_url(user)), escape(user.display_name)
        return f'<a href="{href}" class="mention">@{name}</a>'

    linked = transform_text(value, lambda text: MENTION.sub(replace, text))
    return linked, list(found.values())


class _MentionParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and "mention" in (attrs.get("class") or "").split():
            self.hrefs.append(attrs.get("href") or "")


def mentioned_users(value):
    """Members already linked as mentions in stored HTML (to avoid telling them twice)."""
    if 'class="mention"' not in (value or ""):
        return []
    parser = _MentionParser()
    parser.feed(value)
    usernames = [href.rstrip("/").rsplit("/", 1)[-1] for href in parser.hrefs]
    return list(_find_users(usernames).values())


def _can_see(item, user):
    """The one visibility rule, through the item's own queryset."""
    return type(item).objects.visible_to(user).filter(pk=item.pk).exists()


def absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def notify_mentions(*, item, users, author, url, title, already=()):
    """Email each newly mentioned member who can see `item` (never the author themself)."""
    told = {user.pk for user in already}
    notified = []
    for user in users:
        if user.pk in told or user.pk == author.pk or not user.is_active:
            continue
        if not _can_see(item, user):
            continue
        told.add(user.pk)
        notified.append(user)
        notify_mention(
            user=user,
            actor=author,
            summary=_("%(author)s mentioned you in %(title)s")
            % {"author": author.display_name, "title": title},
            url=url,
            about=item,
        )
        queue_templated_email(
            to=[user.email],
            template="richtext/email/mention",
            context={
                "author_name": author.display_name,
                "recipient_name": user.display_name,
                "title": title,
                "url": absolute(url),
                "excerpt": html_to_text(getattr(item, "body", ""))[:300],
            },
        )
    return notified


def notify_mentions_later(*, item, users, author, url, title, already=()):
    """Record, in the current transaction, that `notify_mentions` must run once it commits (a
    Celery task; eager in `make run` and the tests). It then sees the committed item, so the
    visibility check reads what members will see."""
    if not users or is_quiet():
        return
    from .tasks import notify_mentions_task

    handoff.enqueue(
        notify_mentions_task,
        content_type_id=ContentType.objects.get_for_model(item).pk,
        object_id=item.pk,
        user_ids=[user.pk for user in users],
        author_id=author.pk,
        url=url,
        title=title,
        already_ids=[user.pk for user in already],
    )


@transaction.atomic
def notify_mentions_by_id(
    *, content_type_id, object_id, user_ids, author_id, url, title, already_ids
):
    """What the task runs: `notify_mentions` for the item and people as they are now; nothing
    if the item or its author is gone. Idempotent: people who already have this author's mention
    notice for this URL (a task delivered twice) are not told again, and the notices and emails
    are written in one transaction."""
    told = Notification.objects.filter(
        kind=Notification.Kind.MENTION, actor_id=author_id, url=url, user_id__in=user_ids
    ).values_list("user_id", flat=True)
    already_ids = {*already_ids, *told}
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    item = model._default_manager.filter(pk=object_id).first() if model is not None else None
    people = get_user_model()._default_manager.in_bulk({*user_ids, *already_ids, author_id})
    author = people.get(author_id)
    if item is None or author is None:
        return []
    return notify_mentions(
        item=item,
        users=[people[pk] for pk in user_ids if pk in people],
        author=author,
        url=url,
        title=title,
        already=[people[pk] for pk in already_ids if pk in people],
    )

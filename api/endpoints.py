"""The API's endpoints. Each one reads through the same querysets (`visible_to`) and writes
through the same services as the pages, and refuses in the same words: hidden is a 404, visible
but not allowed is a 403 with the refusal's sentence."""

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field as QField
from ninja import Query, Router, Schema, Status

from activity.models import Activity
from activity.streams import stream_page
from blogs.models import BlogEntry
from communities import services as community_services
from communities.models import Community, Membership, MembershipRequest
from communities.rules import CommunityAccess, refusal
from core.files import serve_file
from documents.models import Document
from documents.uploads import content_disposition
from events import ical
from events.models import Event
from forums import services as forum_services
from forums.models import Post, Topic
from notifications.models import Notification
from polls.models import Poll, Vote
from search.forms import SearchForm
from search.query import search as run_search
from wikis.models import Revision, WikiPage

from . import pagination, schemas
from .problems import Problem

router = Router()


class ListParams(Schema):
    limit: int = QField(pagination.DEFAULT_LIMIT, ge=1, le=pagination.MAX_LIMIT)
    cursor: str | None = QField(None, max_length=2000)


def page(request, queryset, order, params):
    rows, following = pagination.keyset(
        request, queryset, order, limit=params.limit, cursor=params.cursor
    )
    return rows, following


def community_page(request, community, queryset, order, params):
    """One page of a community's items, each given the community in hand (no query per row)."""
    rows, following = page(request, queryset, order, params)
    for row in rows:
        row.community = community
    return rows, following


def absolute(request, path):
    return request.build_absolute_uri(path)


def person(user):
    return {"name": user.display_name} if user is not None else None


# --- communities ---------------------------------------------------------------------------------
def community_or_404(request, slug, *, feature=None):
    """The community at `slug` whose content the caller may see, as the pages decide: not
    listed to them is a 404; listed but private is a 403 saying only members can; a switched-off
    feature is a 404 for everyone."""
    community = Community.objects.with_ancestors().filter(slug=slug).first()
    if community is None:
        raise Http404
    access = CommunityAccess(request.user, community)
    if not access.can_view:
        if access.is_listed:
            raise Problem(
                403,
                refusal("members_only", community=community.name, doing=_("see its content")),
            )
        raise Http404
    if feature is not None and not community.has_feature(feature):
        raise Http404
    return community, access


def community_card(request, community, *, role=None, content_visible=False):
    return {
        "slug": community.slug,
        "name": community.name,
        "short_description": community.short_description,
        "visibility": community.visibility,
        "stage": community.stage,
        "member_count": community.member_count,
        "last_activity_at": community.last_activity_at,
        "parent": community.parent.slug if community.parent_id else None,
        "content_visible": content_visible,
        "role": role,
        "url": absolute(request, community.get_absolute_url()),
    }


class DirectoryParams(ListParams):
    q: str = QField("", max_length=200)
    mine: bool = False


@router.get("/communities", response=schemas.CommunityPage, url_name="communities")
def communities(request, params: Query[DirectoryParams]):
    """The community directory: every community listed to you, most recently active first."""
    user = request.user
    listed = Community.objects.listed_to(user).select_related("parent")
    if params.q.strip():
        listed = listed.filter(name__icontains=params.q.strip())
    if params.mine:
        listed = listed.filter(memberships__user=user)
    rows, following = page(request, listed, ["-last_activity_at", "-pk"], params)
    ids = [c.pk for c in rows]
    roles = dict(
        Membership.objects.filter(user=user, community__in=ids).values_list(  # visibility: own rows
            "community_id", "role"
        )
    )
    visible = set(
        Community.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True)
    )
    items = [
        community_card(request, c, role=roles.get(c.pk), content_visible=c.pk in visible)
        for c in rows
    ]
    return {"items": items, "next": following}


@router.get("/communities/{slug}", response=schemas.CommunityDetail, url_name="community")
def community(request, slug: str):
    """One community. Its domain and ground rules only when you may see its content."""
    found = Community.objects.with_ancestors().filter(slug=slug).first()
    if found is None:
        raise Http404
    access = CommunityAccess(request.user, found)
    if not access.is_listed:
        raise Http404
    membership = access.membership
    data = community_card(
        request,
        found,
        role=membership.role if membership else None,
        content_visible=access.can_view,
    )
    data.update(
        can_join=access.can_join,
        can_request=access.can_request,
        can_leave=access.can_leave,
        requested=found.requests.filter(
            user=request.user, state=MembershipRequest.State.PENDING
        ).exists(),
        membership_blocked_reason=access.membership_blocked_reason,
    )
    if access.can_view:
        data.update(
            domain=found.domain,
            ground_rules=found.ground_rules,
            features=sorted(found.enabled_features),
        )
    return data


@router.get("/communities/{slug}/members", response=schemas.MemberPage, url_name="members")
def members(request, slug: str, params: Query[ListParams]):
    """Who belongs, for those who may see the community's content: names and roles only."""
    found, _access = community_or_404(request, slug)
    memberships = Membership.objects.filter(community=found)  # visibility: checked above
    memberships = memberships.select_related("user")
    rows, following = page(request, memberships, ["created", "pk"], params)
    items = [{"name": m.user.display_name, "role": m.role, "joined": m.created} for m in rows]
    return {"items": items, "next": following}


@router.post("/communities/{slug}/join", response=schemas.Membership, url_name="join")
def join(request, slug: str, payload: schemas.JoinIn | None = None):
    """Join a public community, or ask to join a private one (send a `reason`)."""
    found = Community.objects.with_ancestors().filter(slug=slug).first()
    if found is None:
        raise Http404
    access = CommunityAccess(request.user, found)
    if not access.is_listed:
        raise Http404
    if access.is_member:
        return {"state": "member", "detail": _("You are already a member of %s.") % found.name}
    if access.can_join:
        community_services.membership_join(user=request.user, community=found)
        return {"state": "member", "detail": _("Welcome to %s! You are now a member.") % found.name}
    if access.can_request:
        community_services.membership_request_create(
            user=request.user, community=found, reason=payload.reason if payload else ""
        )
        return {
            "state": "requested",
            "detail": _(
                "Your request to join %s has been sent to its facilitators. "
                "You will hear by email when they decide."
            )
            % found.name,
        }
    raise Problem(403, access.membership_blocked_reason or _("You cannot join %s.") % found.name)


@router.post("/communities/{slug}/leave", response=schemas.Membership, url_name="leave")
def leave(request, slug: str):
    """Leave a community you belong to."""
    found, access = community_or_404(request, slug)
    if not access.is_member:
        raise Problem(403, _("You are not a member of %s.") % found.name)
    community_services.membership_leave(user=request.user, community=found)
    return {"state": "left", "detail": _("You have left %s.") % found.name}


# --- forums --------------------------------------------------------------------------------------
def topic_data(request, topic):
    return {
        "id": topic.pk,
        "title": topic.title,
        "kind": topic.kind,
        "teaser": topic.teaser,
        "author": person(topic.author),
        "is_pinned": topic.is_pinned,
        "is_locked": topic.is_locked,
        "reply_count": topic.reply_count,
        "created": topic.created,
        "last_activity_at": topic.last_activity_at,
        "url": absolute(request, topic.get_absolute_url()),
    }


def item_or_404(request, model, community, *related, **lookup):
    """One item of `community` that the user may see (its model's own rule), or 404, with its
    community set to the one in hand so nothing fetches it again."""
    items = model.objects.visible_to(request.user).in_community(community)
    if related:
        items = items.select_related(*related)
    item = items.filter(**lookup).first()
    if item is None:
        raise Http404
    item.community = community
    return item


def topic_or_404(request, community, access, pk):
    topic = item_or_404(request, Topic, community, "author", "opening_post", pk=pk)
    if topic.is_removed and not access.can_moderate:
        raise Http404
    return topic


@router.get("/communities/{slug}/topics", response=schemas.TopicPage, url_name="topics")
def topics(request, slug: str, params: Query[ListParams]):
    """The forum's topics, most recently active first."""
    found, _access = community_or_404(request, slug, feature="forum")
    queryset = Topic.objects.visible_to(request.user).in_community(found).live()
    rows, following = community_page(
        request, found, queryset.select_related("author"), ["-last_activity_at", "-pk"], params
    )
    return {"items": [topic_data(request, t) for t in rows], "next": following}


@router.post("/communities/{slug}/topics", response={201: schemas.TopicDetail}, url_name="topics")
def topic_create(request, slug: str, payload: schemas.TopicIn):
    """Start a topic (members of an open community with a forum)."""
    found, _access = community_or_404(request, slug, feature="forum")
    topic = forum_services.topic_create(
        community=found, author=request.user, title=payload.title, body=payload.body
    )
    topic.community = found
    data = topic_data(request, topic)
    data["body"] = topic.opening_post.body
    return Status(201, data)


@router.get("/communities/{slug}/topics/{topic_id}", response=schemas.TopicDetail, url_name="topic")
def topic(request, slug: str, topic_id: int):
    found, access = community_or_404(request, slug, feature="forum")
    item = topic_or_404(request, found, access, topic_id)
    data = topic_data(request, item)
    opening = item.opening_post
    data["body"] = (
        opening.body if opening and (not opening.is_removed or access.can_moderate) else ""
    )
    return data


def reply_data(request, post, can_moderate):
    shown = not post.is_removed or can_moderate
    return {
        "id": post.pk,
        "parent_id": None if post.parent_id == post.topic.opening_post_id else post.parent_id,
        "depth": post.depth,
        "author": person(post.author) if shown else None,
        "body": post.body if shown else None,
        "removed": post.is_removed,
        "created": post.created,
        "url": absolute(request, post.get_absolute_url()),
    }


@router.get(
    "/communities/{slug}/topics/{topic_id}/replies",
    response=schemas.ReplyPage,
    url_name="replies",
)
def replies(request, slug: str, topic_id: int, params: Query[ListParams]):
    """A topic's replies in thread order (each after the one it answers)."""
    found, access = community_or_404(request, slug, feature="forum")
    item = topic_or_404(request, found, access, topic_id)
    posts = Post.objects.filter(topic_id=item.pk, is_opening=False)  # visibility: topic checked
    posts = posts.select_related("author")
    rows, following = page(request, posts, ["path", "pk"], params)
    for post in rows:
        post.topic, post.community = item, found
    return {
        "items": [reply_data(request, p, access.can_moderate) for p in rows],
        "next": following,
    }


@router.post(
    "/communities/{slug}/topics/{topic_id}/replies",
    response={201: schemas.Reply},
    url_name="replies",
)
def reply_create(request, slug: str, topic_id: int, payload: schemas.ReplyIn):
    """Reply to a topic, or to one of its replies (`parent_id`)."""
    found, access = community_or_404(request, slug, feature="forum")
    item = topic_or_404(request, found, access, topic_id)
    parent = None
    if payload.parent_id is not None:
        in_topic = Post.objects.filter(topic_id=item.pk)  # visibility: topic checked
        parent = in_topic.filter(pk=payload.parent_id).first()
        if parent is None:
            raise Problem(
                422,
                _("You can only reply to posts in this topic."),
                errors=[{"loc": "parent_id", "msg": _("No such post in this topic.")}],
            )
    post = forum_services.reply_create(
        topic=item, author=request.user, body=payload.body, parent=parent
    )
    post.topic, post.community = item, found
    return Status(201, reply_data(request, post, access.can_moderate))


# --- blogs, wikis, documents, events, polls ------------------------------------------------------
@router.get("/communities/{slug}/blog", response=schemas.BlogEntryPage, url_name="blog_entries")
def blog_entries(request, slug: str, params: Query[ListParams]):
    """Blog entries published into the community, newest first."""
    found, _access = community_or_404(request, slug, feature="blogs")
    entries = (
        BlogEntry.objects.visible_to(request.user)
        .published_in(found)
        .live()
        .select_related("author")
    )
    rows, following = page(request, entries, ["-created", "-pk"], params)
    items = [
        {
            "id": e.pk,
            "title": e.title,
            "author": person(e.author),
            "body": e.body,
            "created": e.created,
            "url": absolute(request, e.get_absolute_url()),
        }
        for e in rows
    ]
    return {"items": items, "next": following}


def wiki_data(request, page_obj):
    return {
        "slug": page_obj.slug,
        "title": page_obj.title,
        "version": page_obj.version,
        "updated": page_obj.updated,
        "url": absolute(request, page_obj.get_absolute_url()),
    }


def wiki_page_or_404(request, community, page_slug):
    return item_or_404(
        request, WikiPage, community, "current_revision", "last_editor", slug=page_slug
    )


@router.get("/communities/{slug}/wiki", response=schemas.WikiPagePage, url_name="wiki_pages")
def wiki_pages(request, slug: str, params: Query[ListParams]):
    """The wiki's pages, A to Z."""
    found, _access = community_or_404(request, slug, feature="wiki")
    pages = WikiPage.objects.visible_to(request.user).in_community(found)
    rows, following = community_page(request, found, pages, ["title", "pk"], params)
    return {"items": [wiki_data(request, p) for p in rows], "next": following}


@router.get(
    "/communities/{slug}/wiki/{page_slug}", response=schemas.WikiPageDetail, url_name="wiki_page"
)
def wiki_page(request, slug: str, page_slug: str):
    found, _access = community_or_404(request, slug, feature="wiki")
    item = wiki_page_or_404(request, found, page_slug)
    data = wiki_data(request, item)
    data["body"] = item.current_revision.body if item.current_revision else ""
    data["last_editor"] = person(item.last_editor)
    return data


@router.get(
    "/communities/{slug}/wiki/{page_slug}/revisions",
    response=schemas.RevisionPage,
    url_name="wiki_revisions",
)
def wiki_revisions(request, slug: str, page_slug: str, params: Query[ListParams]):
    """A page's revisions, newest first, each with its reason."""
    found, _access = community_or_404(request, slug, feature="wiki")
    item = wiki_page_or_404(request, found, page_slug)
    revisions = Revision.objects.filter(page=item).select_related(
        "author"
    )  # visibility: page checked
    rows, following = page(request, revisions, ["-number", "-pk"], params)
    items = [
        {
            "number": r.number,
            "title": r.title,
            "reason": r.reason,
            "author": person(r.author),
            "created": r.created,
            "body": r.body,
        }
        for r in rows
    ]
    return {"items": items, "next": following}


def document_data(request, document):
    version = document.current_version
    file_url = None
    if version is not None:
        file_url = absolute(
            request,
            reverse(
                "api:v1:document_file",
                kwargs={"slug": document.community.slug, "document_id": document.pk},
            ),
        )
    return {
        "id": document.pk,
        "title": document.title,
        "description": document.description,
        "author": person(document.author),
        "file_name": version.original_name if version else None,
        "size": version.size if version else None,
        "content_type": version.content_type if version else None,
        "version_count": document.version_count,
        "rating_avg": float(document.rating_avg),
        "rating_count": document.rating_count,
        "updated": document.updated,
        "url": absolute(request, document.get_absolute_url()),
        "download_url": file_url,
    }


def document_or_404(request, community, pk):
    return item_or_404(request, Document, community, "author", "current_version", pk=pk)


@router.get("/communities/{slug}/documents", response=schemas.DocumentPage, url_name="documents")
def documents(request, slug: str, params: Query[ListParams]):
    """The document library, most recently updated first."""
    found, _access = community_or_404(request, slug, feature="documents")
    queryset = (
        Document.objects.visible_to(request.user)
        .in_community(found)
        .select_related("author", "current_version")
    )
    rows, following = community_page(request, found, queryset, ["-updated", "-pk"], params)
    return {"items": [document_data(request, d) for d in rows], "next": following}


@router.get(
    "/communities/{slug}/documents/{document_id}", response=schemas.Document, url_name="document"
)
def document(request, slug: str, document_id: int):
    found, _access = community_or_404(request, slug, feature="documents")
    return document_data(request, document_or_404(request, found, document_id))


@router.get("/communities/{slug}/documents/{document_id}/file", url_name="document_file")
def document_file(request, slug: str, document_id: int):
    """The current version's file, as an attachment."""
    found, _access = community_or_404(request, slug, feature="documents")
    version = document_or_404(request, found, document_id).current_version
    if version is None:
        raise Http404
    response = serve_file(
        version.file,
        filename=version.original_name,
        content_type=version.content_type,
        inline_if_image=False,
    )
    response["Content-Disposition"] = content_disposition(version.original_name, inline=False)
    return response


def event_data(request, event):
    ical_url = reverse(
        "api:v1:event_ical", kwargs={"slug": event.community.slug, "event_id": event.pk}
    )
    return {
        "id": event.pk,
        "title": event.title,
        "description": event.description,
        "location": event.location,
        "online_url": event.online_url,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "timezone": event.timezone,
        "cancelled": event.is_cancelled,
        "attendee_count": event.attendee_count,
        "capacity": event.capacity,
        "url": absolute(request, event.get_absolute_url()),
        "ical_url": absolute(request, ical_url),
    }


def event_or_404(request, community, pk):
    return item_or_404(request, Event, community, pk=pk)


@router.get("/communities/{slug}/events", response=schemas.EventPage, url_name="events")
def events(request, slug: str, params: Query[ListParams]):
    """Events, latest start first."""
    found, _access = community_or_404(request, slug, feature="events")
    queryset = Event.objects.visible_to(request.user).in_community(found)
    rows, following = community_page(request, found, queryset, ["-starts_at", "-pk"], params)
    return {"items": [event_data(request, e) for e in rows], "next": following}


@router.get("/communities/{slug}/events/{event_id}", response=schemas.Event, url_name="event")
def event(request, slug: str, event_id: int):
    found, _access = community_or_404(request, slug, feature="events")
    return event_data(request, event_or_404(request, found, event_id))


@router.get("/communities/{slug}/events/{event_id}/ical", url_name="event_ical")
def event_ical(request, slug: str, event_id: int):
    """The event as an iCalendar file."""
    found, _access = community_or_404(request, slug, feature="events")
    item = event_or_404(request, found, event_id)
    cal = ical.calendar([item], name=f"{item.title} ({found.name})")
    return ical.ics_response(cal, filename=f"event-{item.pk}.ics")


def poll_data(request, poll, mine, access):
    has_voted = bool(mine)
    shown = poll.results_visible(has_voted=has_voted, is_moderator=access.can_moderate)
    return {
        "id": poll.pk,
        "question": poll.question,
        "multiple": poll.multiple,
        "is_open": poll.is_open,
        "closes_at": poll.closes_at,
        "results_visible": shown,
        "has_voted": has_voted,
        "voter_count": poll.voter_count if shown else None,
        "choices": [
            {"id": c.pk, "text": c.text, "votes": c.vote_count if shown else None}
            for c in poll.choices.all()
        ],
        "url": absolute(request, poll.get_absolute_url()),
    }


def _my_votes(user, polls):
    voted = {}
    rows = Vote.objects.filter(user=user, poll__in=[p.pk for p in polls])  # visibility: own votes
    for poll_id, choice_id in rows.values_list("poll_id", "choice_id"):
        voted.setdefault(poll_id, set()).add(choice_id)
    return voted


@router.get("/communities/{slug}/polls", response=schemas.PollPage, url_name="polls")
def polls(request, slug: str, params: Query[ListParams]):
    """Polls, newest first, with results where the poll's page would show them."""
    found, access = community_or_404(request, slug, feature="polls")
    queryset = Poll.objects.visible_to(request.user).in_community(found).prefetch_related("choices")
    rows, following = community_page(request, found, queryset, ["-created", "-pk"], params)
    voted = _my_votes(request.user, rows)
    items = [poll_data(request, p, voted.get(p.pk), access) for p in rows]
    return {"items": items, "next": following}


@router.get("/communities/{slug}/polls/{poll_id}", response=schemas.Poll, url_name="poll")
def poll(request, slug: str, poll_id: int):
    found, access = community_or_404(request, slug, feature="polls")
    item = (
        Poll.objects.visible_to(request.user)
        .in_community(found)
        .prefetch_related("choices")
        .filter(pk=poll_id)
        .first()
    )
    if item is None:
        raise Http404
    item.community = found
    return poll_data(request, item, _my_votes(request.user, [item]).get(item.pk), access)


# --- search, activity, notifications, me ---------------------------------------------------------
class SearchParams(Schema):
    q: str = QField("", max_length=200)
    type: list[str] = QField([], description="Kinds of content, e.g. topic, wiki.")
    community: str = QField("", max_length=140, description="A community's slug.")
    tag: str = QField("", max_length=100)
    date_from: str = QField("", max_length=10, description="YYYY-MM-DD")
    date_to: str = QField("", max_length=10, description="YYYY-MM-DD")
    sort: str = QField("", max_length=10, description='"" for best match, "newest".')
    limit: int = QField(pagination.DEFAULT_LIMIT, ge=1, le=pagination.MAX_LIMIT)
    cursor: str | None = QField(None, max_length=2000)


@router.get("/search", response=schemas.SearchPage, url_name="search")
def search(request, params: Query[SearchParams]):
    """Search everything you may see, as the search page does (same filters)."""
    data = {
        "q": params.q,
        "type": params.type,
        "community_name": params.community,
        "tag": params.tag,
        "date_from": params.date_from,
        "date_to": params.date_to,
        "sort": params.sort,
    }
    form = SearchForm(data, user=request.user)
    if not form.is_valid():
        errors = [
            {"loc": "community" if field == "community_name" else field, "msg": str(message)}
            for field, messages in form.errors.items()
            for message in messages
        ]
        raise Problem(
            422, _("Some of the search's values are not valid; see errors."), errors=errors
        )
    wanted = form.search_request()
    if wanted.is_empty:
        return {"items": [], "next": None}
    number, make_next = pagination.numbered(request, cursor=params.cursor)
    results = run_search(request.user, wanted).page(number, per_page=params.limit)
    if results.number != number:  # past the end: Django's paginator gave the last page
        return {"items": [], "next": None}
    items = [
        {
            "kind": row.kind,
            "title": row.title,
            "snippet": str(row.snippet_html),
            "community": row.community.slug if row.community_id else None,
            "updated": row.updated,
            "url": absolute(request, row.url),
        }
        for row in results.object_list
    ]
    return {"items": items, "next": make_next(results.has_next())}


class ActivityParams(ListParams):
    mine: bool = QField(False, description="Only communities you belong to.")


@router.get("/activity", response=schemas.ActivityPage, url_name="activity")
def activity(request, params: Query[ActivityParams]):
    """What's happening: recent activity in every community you may see, newest first."""
    rows = Activity.objects.visible_to(request.user)
    if params.mine:
        rows = rows.in_communities_of(request.user)
    position = None
    if params.cursor:
        values = pagination.decode(request, params.cursor)
        if not (isinstance(values, list) and len(values) == 1 and isinstance(values[0], str)):
            raise Problem(400, _("This cursor is not valid here."), slug="bad-cursor")
        position = values[0]
    found = stream_page(rows, position, size=params.limit)
    following = None
    if found.next_cursor:
        following = pagination.next_link(request, pagination.encode(request, [found.next_cursor]))
    items = [
        {
            "actor": row.actor_name,
            "verb": row.verb,
            "phrase": str(row.phrase),
            "title": row.title,
            "excerpt": row.excerpt,
            "community": row.community.slug if row.community_id else None,
            "created": row.created,
            "url": absolute(request, row.url),
        }
        for row in found.rows
    ]
    return {"items": items, "next": following}


@router.get("/notifications", response=schemas.NotificationPage, url_name="notifications")
def notifications(request, params: Query[ListParams]):
    """Your notifications, newest first."""
    queryset = Notification.objects.shown_to(request.user)
    rows, following = page(request, queryset, ["-created", "-pk"], params)
    items = [
        {
            "id": n.pk,
            "kind": n.kind,
            "summary": n.summary,
            "read": n.read_at is not None,
            "created": n.created,
            "url": absolute(request, n.url) if n.url else "",
        }
        for n in rows
    ]
    return {"items": items, "next": following}


@router.get("/me", response=schemas.Me, url_name="me")
def me(request):
    """Who the token or session belongs to."""
    token = getattr(request.auth, "token", None)
    return {
        "name": request.user.display_name,
        "username": request.user.username,
        "token_scope": token.scope if token else None,
    }

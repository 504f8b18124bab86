"""Every write to wikis: keyword-only, atomic, each re-checking its rule. Side effects (the
activity log, search indexing) are explicit calls; nothing happens in signals.

Lost updates are impossible: `page_edit` moves the page from the version the editor started
from to the next one with one conditional UPDATE (`... WHERE version = base`). If someone saved
in between, that UPDATE matches no row (PostgreSQL re-checks the condition after waiting for
the other transaction's row lock; SQLite runs one writer at a time) and EditConflict is raised,
carrying the page as it is now so the form can show what changed.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from activity.models import Verb
from activity.services import hide_for
from activity.services import record as activity_record
from communities.rules import CommunityAccess, refuse
from communities.services import community_touch
from core.errors import Invalid
from richtext.sanitise import clean_rich_text, html_to_text, is_blank
from search.services import index_later, remove_item
from tags.models import TaggedItem

from .models import Revision, WikiPage


class EditConflict(Invalid):
    """Someone saved the page after the editor opened it. `page` is the page as it is now."""

    def __init__(self, page):
        self.page = page
        revision = page.current_revision
        who = revision.author.display_name if revision and revision.author else _("Someone")
        super().__init__(
            _(
                "%(who)s saved a new version of this page (revision %(version)s) after you "
                "started editing. Your changes have not been saved yet: they are still in the "
                "form below. Check the differences, bring in anything of theirs you want to "
                "keep, then save again."
            )
            % {"who": who, "version": page.version}
        )


EDITING = gettext_lazy("create and edit wiki pages")
CREATED = gettext_lazy("Created the page.")  # the first revision's reason, unless one is given


def _require_post(user, community):
    access = CommunityAccess(user, community)
    access.require("post", feature="wiki", doing=EDITING)
    return access


def _clean(title, body, reason):
    title = " ".join((title or "").split())
    if not title:
        raise Invalid(_("Give the page a title."))
    body = clean_rich_text(body)
    if is_blank(body):
        raise Invalid(_("Write something on the page."))
    reason = " ".join((reason or "").split())
    if not reason:
        raise Invalid(_("Say briefly why you updated the page (the reason for update)."))
    return title, body, reason[:300]


def _check_title_free(community, title, page=None):
    taken = WikiPage.objects.filter(community=community).annotate(lower=Lower("title"))
    if page is not None:
        taken = taken.exclude(pk=page.pk)
    if taken.filter(lower=title.lower()).exists():
        raise Invalid(_("This wiki already has a page called “%(title)s”.") % {"title": title})


RESERVED_SLUGS = {"new"}  # taken by the wiki's own URLs


def _unique_slug(community, title):
    base = slugify(title, allow_unicode=True)[:200] or "page"
    slug, n = base, 2
    while (
        slug in RESERVED_SLUGS or WikiPage.objects.filter(community=community, slug=slug).exists()
    ):
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_related(page, related):
    try:
        return page.clean_related(related)
    except ValidationError as error:
        raise Invalid(error.messages[0]) from None


@transaction.atomic
def page_create(*, community, author, title, body, reason=CREATED, related=()):
    _require_post(author, community)
    title, body, reason = _clean(title, body, reason)
    _check_title_free(community, title)
    related = _check_related(WikiPage(community=community), related)
    now = timezone.now()
    try:
        with transaction.atomic():
            page = WikiPage.objects.create(
                community=community,
                title=title,
                slug=_unique_slug(community, title),
                version=1,
                created_by=author,
                last_editor=author,
            )
    except IntegrityError:
        raise Invalid(
            _("This wiki already has a page called “%(title)s”.") % {"title": title}
        ) from None
    revision = Revision.objects.create(
        page=page, number=1, title=title, body=body, reason=reason, author=author, created=now
    )
    page.current_revision = revision
    page.save(update_fields=["current_revision"])
    page.related.set(related)
    activity_record(
        actor=author,
        verb=Verb.WIKI_CREATED,
        target=page,
        community=community,
        title=title,
        excerpt=html_to_text(body),
    )
    community_touch(community=community, when=now)
    index_later(page)
    return page


@transaction.atomic
def page_edit(*, page, by, title, body, reason, base_version, related=None, reverted_to=None):
    """Save a new revision, if nobody else has saved since `base_version`.

    `related` (a list of pages, or None to leave them as they are) is the page's related
    entries. Raises EditConflict if the page has moved on, Invalid for bad input."""
    community = page.community
    _require_post(by, community)
    title, body, reason = _clean(title, body, reason)
    if related is not None:
        related = _check_related(page, related)
    current = page.current_revision
    related_ids = None if related is None else sorted(p.pk for p in related)
    same_related = related_ids is None or related_ids == sorted(
        page.related.values_list("pk", flat=True)
    )
    if (
        page.version == base_version
        and current is not None
        and current.title == title
        and current.body == body
        and same_related
    ):
        raise Invalid(_("You have not changed anything, so there is nothing to save."))
    _check_title_free(community, title, page)

    number = base_version + 1
    now = timezone.now()
    # The lock: only one edit can move the page from `base_version` to the next number.
    moved = WikiPage.objects.filter(pk=page.pk, version=base_version).update(version=number)
    if not moved:
        raise EditConflict(
            WikiPage.objects.select_related("current_revision__author", "community").get(pk=page.pk)
        )
    revision = Revision.objects.create(
        page=page,
        number=number,
        title=title,
        body=body,
        reason=reason,
        author=by,
        created=now,
        reverted_to=reverted_to,
    )
    try:
        with transaction.atomic():
            WikiPage.objects.filter(pk=page.pk).update(
                title=title, current_revision=revision, last_editor=by, updated=now
            )
    except IntegrityError:
        raise Invalid(
            _("This wiki already has a page called “%(title)s”.") % {"title": title}
        ) from None
    if related is not None:
        page.related.set(related)
    page.title, page.version, page.current_revision = title, number, revision
    page.last_editor, page.updated = by, now
    activity_record(
        actor=by,
        verb=Verb.WIKI_EDITED,
        target=page,
        community=community,
        title=title,
        excerpt=reason,
    )
    community_touch(community=community, when=now)
    index_later(page)
    return revision


def page_revert(*, page, by, revision, base_version, reason=""):
    """Restore an old revision as a new one ("Reverted to revision N")."""
    if revision.page_id != page.pk:
        raise Invalid(_("That revision belongs to another page."))
    if revision.number == page.version:
        raise Invalid(_("That is already the current version of the page."))
    current = page.current_revision
    if current is not None and current.title == revision.title and current.body == revision.body:
        raise Invalid(
            _("Revision %(number)s says the same as the current version: nothing to revert.")
            % {"number": revision.number}
        )
    reason = " ".join((reason or "").split()) or _("Reverted to revision %(number)s") % {
        "number": revision.number
    }
    return page_edit(
        page=page,
        by=by,
        title=revision.title,
        body=revision.body,
        reason=reason,
        base_version=base_version,
        reverted_to=revision.number,
    )


def can_delete(page, user):
    return CommunityAccess(user, page.community).can_moderate


@transaction.atomic
def page_delete(*, page, by):
    """Facilitators delete a page for good (spam, or a page the community no longer wants),
    with its revisions and tags. Links to it from other pages' related entries go too."""
    if not can_delete(page, by):
        refuse("facilitators_only", community=page.community.name, doing=_("delete pages"))
    remove_item(page)
    hide_for(page)
    TaggedItem.objects.filter(  # visibility: write
        content_type=ContentType.objects.get_for_model(WikiPage), object_id=page.pk
    ).delete()
    WikiPage.objects.filter(pk=page.pk).update(current_revision=None)
    page.delete()

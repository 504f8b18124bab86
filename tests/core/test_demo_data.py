"""The demo data (`manage.py seed_demo`) is made through the services members use, so what the
site says about it agrees with what is there: each community's usage figures count its content,
every item is found by search, nothing is emailed or notified while it loads, its dates tell one
story, and loading it again changes nothing.

The demo is loaded once for the module, in a transaction rolled back at the end. The callbacks
its services queue for after the commit (search indexing, emails, alerts) are run as they are
when seed_demo's own transaction commits: still inside its quiet context, so an email queued
regardless of the flag is sent, and shows.
"""

import sys
from datetime import datetime, timedelta

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase
from django.utils import timezone

from activity.metrics import Period, community_report
from activity.models import Activity
from blogs.models import BlogEntry, BlogPublication
from comments.models import Comment
from communities.models import Community, StageChange
from core.quiet import quiet
from documents.models import Document, DocumentVersion, Rating
from events.models import Event
from forums.models import Post, Topic
from notifications.models import Notification
from polls.models import Poll
from search.query import SearchRequest, search
from wikis.models import Revision, WikiPage


def _seed():
    with quiet(), TestCase.captureOnCommitCallbacks(execute=True):
        call_command("seed_demo", stdout=open("/dev/null", "w"))


def _row_counts():
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        loading = transaction.atomic()
        loading.__enter__()
        try:
            sent_before = len(mail.outbox)
            _seed()
            loaded = {"emails": mail.outbox[sent_before:], "counts": _row_counts()}
        except BaseException:
            loading.__exit__(*sys.exc_info())
            raise
    yield loaded
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        loading.__exit__(None, None, None)


def _all_time():
    start = timezone.make_aware(datetime(2000, 1, 1))
    return Period(start=start, end=timezone.now() + timedelta(days=1), label="All time")


def _counted_from_the_tables(community):
    """What each usage figure should say, counted from the content tables themselves."""

    def here(model):
        rows = model.objects.filter(community=community)
        if any(field.name == "removed_at" for field in model._meta.fields):
            rows = rows.filter(removed_at__isnull=True)
        return rows.count()

    topics, posts = here(Topic), here(Post)
    comments = sum(
        1
        for comment in Comment.objects.filter(removed_at__isnull=True)
        if getattr(comment.target, "community_id", None) == community.pk
    )
    return {
        "forum_posts": posts,  # topics' opening posts and replies
        "topics": topics,
        "wiki_pages": WikiPage.objects.filter(community=community).count(),
        "wiki_edits": Revision.objects.filter(page__community=community, number__gt=1).count(),
        "documents": DocumentVersion.objects.filter(document__community=community).count(),
        "ratings": Rating.objects.filter(document__community=community).count(),
        "events": here(Event),
        "polls": here(Poll),
        "blog_posts": BlogPublication.objects.filter(community=community).count(),
        "comments": comments,
    }


def test_every_communitys_usage_figures_count_its_content(demo, db):
    compared = 0
    for community in Community.objects.live():
        figures = {
            figure["key"]: figure["value"]
            for figure in community_report(community, _all_time())["content"]
        }
        expected = _counted_from_the_tables(community)
        assert {key: figures[key] for key in expected} == expected, community.name
        compared += sum(expected.values())
    adoption = Community.objects.get(name="Adoption Policy CoP")
    social = Community.objects.get(name="Social Media and Online Collaboration")
    assert _counted_from_the_tables(social)["ratings"] > 0
    assert _counted_from_the_tables(social)["wiki_pages"] > 0
    assert _counted_from_the_tables(adoption)["documents"] > 0
    assert compared > 40


def test_every_demo_item_is_found_by_its_title(demo, db):
    admin = get_user_model().objects.get(email="admin@example.org")
    titles = [
        *Topic.objects.values_list("title", flat=True),
        *WikiPage.objects.values_list("title", flat=True),
        *Document.objects.values_list("title", flat=True),
        *Event.objects.values_list("title", flat=True),
        *BlogEntry.objects.values_list("title", flat=True),
    ]
    assert len(titles) >= 20
    missing = [
        title
        for title in titles
        if title not in {row.title for row in search(admin, SearchRequest(q=title)).queryset[:50]}
    ]
    assert not missing, f"Not found by their titles: {missing}"


def test_loading_it_sends_no_email_and_rings_no_bell(demo, db):
    assert demo["emails"] == []
    assert Notification.objects.count() == 0


def test_loading_it_again_changes_nothing(demo, db):
    _seed()
    assert _row_counts() == demo["counts"]


def test_the_closed_down_community_has_nothing_dated_after_it_closed(demo, db):
    daventry = Community.objects.get(name="Daventry Benchmarking Group")
    assert daventry.is_archived
    closed = StageChange.objects.get(community=daventry, to_stage=Community.Stage.CLOSEDOWN)
    assert closed.created.year == 2025
    rows = Activity.objects.filter(community=daventry)
    assert rows.filter(verb="community_approved", created__lt=closed.created).exists()
    assert not rows.filter(created__gt=closed.created).exists()
    assert daventry.last_activity_at <= closed.created
    assert daventry.reviewed_at < closed.created
    assert not daventry.memberships.filter(created__gt=closed.created).exists()


def test_logged_content_is_dated_when_the_item_was_made(demo, db):
    """The log row of each item it started is dated with the item (topics, pages, documents,
    events, polls, comments), and nothing is dated in the future."""
    checked = 0
    for model in (Topic, WikiPage, Document, Event, Poll, Comment):
        for item in model._default_manager.all():
            first = (
                Activity.objects.filter(
                    target_id=item.pk, target_type__model=model._meta.model_name
                )
                .order_by("created")
                .first()
            )
            assert first is not None and first.created == item.created, item
            checked += 1
    assert checked > 20
    assert not Activity.objects.filter(created__gt=timezone.now()).exists()

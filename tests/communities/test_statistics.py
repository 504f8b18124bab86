"""PostgreSQL keeps short statistics on every column holding a community's id, so that weighing
a member's visible communities (one array of up to thousands of ids) costs little planning."""

import pytest
from django.db import connection

from communities.statistics import (
    COMMUNITY_COLUMN_STATISTICS,
    community_columns,
    keep_community_statistics_short,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="statistics targets are PostgreSQL's"
    ),
]


def statistics_target(table, column):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.attstattarget FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
            "WHERE c.relname = %s AND a.attname = %s",
            [table, column],
        )
        return cursor.fetchone()[0]


def test_every_column_the_rule_filters_by_community_is_covered():
    columns = set(community_columns())
    for table in (
        "forums_topic",
        "forums_post",
        "events_event",
        "documents_document",
        "wikis_wikipage",
        "polls_poll",
        "news_newsitem",
        "activity_activity",
        "notifications_notification",
        "search_searchdocument",
        "tags_taggeditem",
        "blogs_blogpublication",
    ):
        assert (table, "community_id") in columns


def test_migrate_leaves_every_community_column_with_short_statistics():
    for table, column in community_columns():
        assert statistics_target(table, column) == COMMUNITY_COLUMN_STATISTICS, table


def test_a_column_put_back_to_the_default_is_shortened_again_on_the_next_migrate():
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE forums_topic ALTER COLUMN community_id SET STATISTICS -1")
    assert statistics_target("forums_topic", "community_id") != COMMUNITY_COLUMN_STATISTICS

    keep_community_statistics_short(using="default")

    assert statistics_target("forums_topic", "community_id") == COMMUNITY_COLUMN_STATISTICS

"""The activity list's rows, written in Python: what a member reads in each row, escaped, with
the community named only where the list spans communities."""

from datetime import timedelta

import pytest

from activity.models import Activity, Verb
from activity.rendering import render_items
from tests.accounts.factories import UserFactory
from tests.activity.factories import log
from tests.communities.factories import CommunityFactory

pytestmark = pytest.mark.django_db


def rows():
    return list(Activity.objects.select_related("actor", "community").order_by("-created"))


def test_a_row_says_who_did_what_where_and_when_with_everything_escaped():
    housing = CommunityFactory(name="Housing <Officers>")
    log(
        Verb.TOPIC_STARTED,
        actor=UserFactory(name="Ada <b>Bold</b>"),
        community=housing,
        title="Budget <script>alert(1)</script>",
        excerpt="Templates & tips",
        ago=timedelta(hours=3),
    )

    html = str(render_items(rows(), show_community=True))

    assert "Ada &lt;b&gt;Bold&lt;/b&gt;" in html
    assert "Budget &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>" not in html
    assert '<p class="activity-item__excerpt">Templates &amp; tips</p>' in html
    assert f'in <a href="/c/{housing.slug}/">Housing &lt;Officers&gt;</a>' in html
    assert "3\xa0hours ago" in html
    assert html.count('<li class="activity-item">') == 1


def test_the_community_is_named_only_where_the_list_spans_communities():
    housing = CommunityFactory(name="Housing Officers")
    log(Verb.TOPIC_STARTED, community=housing, title="Budget templates")
    log(Verb.TOPIC_STARTED, community=CommunityFactory(name="Same"), title="Same")

    across = str(render_items(rows(), show_community=True))
    within = str(render_items(rows(), show_community=False))

    assert across.count("activity-item__where") == 1, "not when the title is the community"
    assert "activity-item__where" not in within

"""Download my data includes everything a member wrote, whichever app it lives in."""

import io
import json
import zipfile

import pytest
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.communities.factories import CommunityFactory, member_of

pytestmark = pytest.mark.django_db


def download(client):
    response = client.post(reverse("profiles:data_download"))
    assert response.status_code == 200
    with zipfile.ZipFile(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    ) as archive:
        return json.loads(archive.read("posts.json"))


def test_my_topics_replies_blog_entries_and_comments_are_in_my_data(client):
    from blogs.models import BlogEntry
    from comments.models import Comment
    from forums.models import Post, Topic

    me, other = UserFactory(), UserFactory()
    community = CommunityFactory()
    member_of(community, me)
    topic = Topic.objects.create(community=community, title="Budget templates", author=me)
    Post.objects.create(
        community=community, topic=topic, author=me, body="<p>Mine</p>", path="0001"
    )
    Post.objects.create(
        community=community, topic=topic, author=other, body="<p>Theirs</p>", path="0002"
    )
    entry = BlogEntry.objects.create(author=me, title="What I learned", body="<p>Notes</p>")
    Comment.objects.create(target=entry, author=me, body="<p>A comment</p>")

    client.force_login(me)
    posts = download(client)

    assert [t["title"] for t in posts["forum_topics"]] == ["Budget templates"]
    assert [p["body"] for p in posts["forum_posts"]] == ["<p>Mine</p>"]
    assert posts["blog_entries"][0]["title"] == "What I learned"
    assert posts["comments"][0]["body"] == "<p>A comment</p>"
    assert {"wiki_edits", "documents", "events"} <= set(posts)

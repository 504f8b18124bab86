"""The forum pages as members use them."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from communities.models import Community
from forums import services
from forums.models import Topic
from forums.selectors import THREAD_PAGE_SIZE
from tests.forums.factories import reply, topic

pytestmark = pytest.mark.django_db


def forum_url(community, query=""):
    return reverse("forums:index", kwargs={"slug": community.slug}) + query


def titles(response):
    return [t.title for t in response.context["page_obj"].object_list]


def test_the_topic_list_shows_responses_last_update_and_teasers(client, community, alice, bob):
    quiet = topic(
        community,
        alice,
        title="Where do we go now?",
        body="This community has been very quiet of late - many of us",
    )
    reply(quiet, bob)
    client.force_login(alice)
    response = client.get(forum_url(community))
    html = response.content.decode()
    assert '<th scope="col">Topic</th>' in html and ">Responses</th>" in html
    assert ">Last update</th>" in html
    assert '<i class="teaser">This community has been very quiet of late - many of us</i>' in html
    assert re.search(r'<td class="num">1</td>\s*<td><time[^>]*>[^<]+</time> Bob Brown</td>', html)
    assert "Start new topic" in html


def test_sorting_most_current_a_to_z_and_my_topics(client, community, alice, bob):
    old = topic(community, bob, title="BarCamp UKGov Web")
    Topic.objects.filter(pk=old.pk).update(last_activity_at=timezone.now() - timedelta(days=3))
    topic(community, alice, title="Online tools we use and love")
    mine = topic(community, bob, title="Local Government Glossary")
    reply(mine, alice)
    client.force_login(alice)
    assert titles(client.get(forum_url(community))) == [
        "Local Government Glossary",
        "Online tools we use and love",
        "BarCamp UKGov Web",
    ]
    assert titles(client.get(forum_url(community, "?sort=az"))) == [
        "BarCamp UKGov Web",
        "Local Government Glossary",
        "Online tools we use and love",
    ]
    assert titles(client.get(forum_url(community, "?sort=mine"))) == [
        "Local Government Glossary",
        "Online tools we use and love",
    ]


def test_pinned_topics_come_first_and_page_size_gives_page_1_of_4(
    client, community, alice, facilitator
):
    for n in range(31):
        topic(community, alice, title=f"Topic {n:02d}")
    first = Topic.objects.get(title="Topic 00")
    services.topic_set_pinned(topic=first, by=facilitator, pinned=True)
    client.force_login(alice)
    response = client.get(forum_url(community, "?per_page=8"))
    assert titles(response)[0] == "Topic 00"
    assert len(titles(response)) == 8
    html = response.content.decode()
    assert "Page 1 of 4" in html
    assert 'href="?sort=current&amp;per_page=8&amp;page=2"' in html
    assert "Next" in html


def test_a_member_starts_a_topic_and_bad_input_keeps_what_they_typed(client, community, alice):
    client.force_login(alice)
    url = reverse("forums:topic_new", kwargs={"slug": community.slug})
    response = client.post(url, {"title": "", "kind": "discussion", "body": "My careful words"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and "Give your topic a title." in html
    assert "My careful words" in html
    response = client.post(url, {"title": "Web 2.0 applications", "kind": "question", "body": ""})
    assert "Write your message." in response.content.decode()
    assert 'value="Web 2.0 applications"' in response.content.decode()
    response = client.post(url, {"title": "Web 2.0 applications", "kind": "question", "body": "Hi"})
    created = Topic.objects.get(title="Web 2.0 applications")
    assert response["Location"] == created.get_absolute_url() and created.is_question


def test_the_thread_nests_replies_and_a_permalink_lands_on_the_right_page(
    client, community, alice, bob
):
    t = topic(community, alice)
    first = reply(t, bob, body="<p>First</p>")
    nested = reply(t, alice, body="<p>Nested</p>", parent=first)
    for n in range(THREAD_PAGE_SIZE):
        reply(t, bob, body=f"<p>Filler {n}</p>")
    last = reply(t, alice, body="<p>The very last</p>")
    client.force_login(bob)
    html = client.get(t.get_absolute_url()).content.decode()
    outer = html.index(f'id="reply-{first.pk}"')
    inner = html.index('<ol class="thread__replies">', outer)
    assert inner < html.index(f'id="reply-{nested.pk}"') < html.index(f'id="reply-{first.pk + 2}"')
    assert "Replies page 1 of 2" in html

    permalink = reverse("forums:post", kwargs={"slug": community.slug, "pk": last.pk})
    response = client.get(permalink)
    assert response["Location"] == f"{t.get_absolute_url()}?page=2#reply-{last.pk}"
    assert "The very last" in client.get(f"{t.get_absolute_url()}?page=2").content.decode()


def test_replying_to_a_reply_shows_what_you_answer_and_files_it_under_it(
    client, community, alice, bob
):
    t = topic(community, alice)
    first = reply(t, bob, body="<p>Trello for everything</p>")
    client.force_login(alice)
    url = reverse("forums:post_reply", kwargs={"slug": community.slug, "pk": first.pk})
    page = client.get(url).content.decode()
    assert "Reply to Bob Brown" in page and "Trello for everything" in page
    response = client.post(url, {"body": ""})
    assert "Write your reply." in response.content.decode()
    response = client.post(url, {"body": "Me too"})
    child = first.children.get()
    assert response["Location"].endswith(f"#reply-{child.pk}")


def test_the_accepted_answer_is_shown_first(client, community, alice, bob, facilitator):
    question = topic(
        community, alice, title="How do panels handle late reports?", kind=Topic.Kind.QUESTION
    )
    reply(question, facilitator, body="<p>Ask the chair.</p>")
    answer = reply(question, bob, body="<p>We adjourn.</p>")
    client.force_login(alice)
    client.post(
        reverse("forums:topic_answer", kwargs={"slug": community.slug, "pk": question.pk}),
        {"post": answer.pk},
    )
    html = client.get(question.get_absolute_url()).content.decode()
    box = html.index('<section class="accepted-answer"')
    assert box < html.index("We adjourn.") < html.index("Ask the chair.")
    assert "Answered" in client.get(forum_url(community)).content.decode()


def test_deleted_replies_leave_a_note_members_see_and_facilitators_can_restore(
    client, community, alice, bob, facilitator
):
    t = topic(community, alice)
    gone = reply(t, bob, body="<p>Regrettable words</p>")
    client.force_login(bob)
    client.post(reverse("forums:post_delete", kwargs={"slug": community.slug, "pk": gone.pk}))
    client.force_login(alice)
    html = client.get(t.get_absolute_url()).content.decode()
    assert "This reply was deleted by its author." in html
    assert "Regrettable words" not in html
    client.force_login(facilitator)
    html = client.get(t.get_absolute_url()).content.decode()
    assert "Regrettable words" in html and "Restore" in html
    client.post(reverse("forums:post_restore", kwargs={"slug": community.slug, "pk": gone.pk}))
    client.force_login(alice)
    assert "Regrettable words" in client.get(t.get_absolute_url()).content.decode()


def test_edits_are_marked_edited(client, community, alice):
    t = topic(community, alice)
    client.force_login(alice)
    url = reverse("forums:post_edit", kwargs={"slug": community.slug, "pk": t.opening_post.pk})
    assert 'value="Online tools we use and love"' in client.get(url).content.decode()
    edit = {"kind": "discussion", "body": "Changed", "base_version": 1}
    response = client.post(url, {**edit, "title": ""})
    assert "Give your topic a title." in response.content.decode()
    assert client.post(url, {**edit, "title": "Tools"}).status_code == 302
    html = client.get(t.get_absolute_url()).content.decode()
    assert "(edited" in html and "Changed" in html


def test_a_closed_down_community_is_read_only(client, community, alice):
    t = topic(community, alice)
    Community.objects.filter(pk=community.pk).update(stage=Community.Stage.CLOSEDOWN)
    client.force_login(alice)
    html = client.get(t.get_absolute_url()).content.decode()
    assert "This community has closed down." in html
    assert "Reply to this topic" not in html and "read-only archive" in html
    assert "Start new topic" not in client.get(forum_url(community)).content.decode()


def test_a_sub_community_without_the_forum_feature_has_no_forum(client, community, alice):
    from tests.communities.factories import CommunityFactory

    sub = CommunityFactory(name="Task group", parent=community, features=["wiki"])
    client.force_login(alice)
    assert client.get(forum_url(sub)).status_code == 404


def test_a_topic_typed_with_control_characters_is_stored_without_them(client, community, alice):
    client.force_login(alice)
    url = reverse("forums:topic_new", kwargs={"slug": community.slug})
    response = client.post(
        url, {"title": "Web\x01 2.0\x7f tools", "kind": "discussion", "body": "Hi\x08 all"}
    )
    created = Topic.objects.get()
    assert response.status_code == 302
    assert created.title == "Web 2.0 tools"
    assert created.opening_post.body == "<p>Hi all</p>"

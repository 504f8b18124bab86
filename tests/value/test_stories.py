"""A member says a post, wiki page, document or event helped them, with an optional story."""

from decimal import Decimal

import pytest
from django.urls import reverse

from conversations.models import Reaction
from forums.models import Post
from tests.communities.factories import CommunityFactory, member_of
from tests.documents.factories import document
from tests.events.factories import EventFactory
from tests.forums.factories import reply, topic
from tests.value.factories import story
from tests.wikis.factories import page
from value.models import Story, Unit

pytestmark = pytest.mark.django_db


def helped_url(kind, item):
    return reverse("value:helped", kwargs={"kind": kind, "pk": item.pk})


def tell(client, kind, item, **data):
    form = {"helped_with": "", "saved_amount": "", "saved_unit": ""}
    form.update(data)
    return client.post(helped_url(kind, item), form)


def test_a_member_says_a_reply_helped_with_a_story_and_the_post_is_marked_helpful(
    client, community, alice, bob
):
    answer = reply(topic(community, alice), bob, body="<p>Use the council's template.</p>")
    client.force_login(alice)
    page_html = client.get(answer.topic.get_absolute_url()).content.decode()
    assert helped_url("post", answer) in page_html  # "Say how it helped" under the reply
    response = tell(
        client, "post", answer, helped_with="Saved me a day on our policy.", saved_amount="1",
        saved_unit="days",
    )  # fmt: skip
    assert response.status_code == 302
    told = Story.objects.get()
    assert (told.user, told.community, told.feature) == (alice, community, "forum")
    assert told.saved_amount == Decimal("1.0") and told.saved_unit == Unit.DAYS
    assert told.saving == "1 day"
    assert Post.objects.get(pk=answer.pk).helpful_count == 1
    assert Reaction.objects.filter(user=alice).count() == 1


def test_one_story_per_member_per_item_which_its_author_edits_and_removes(
    client, community, alice, bob
):
    answer = reply(topic(community, alice), bob)
    client.force_login(alice)
    tell(client, "post", answer, helped_with="First version")
    tell(
        client, "post", answer, helped_with="Second version", saved_amount="2.5", saved_unit="hours"
    )
    told = Story.objects.get()
    assert told.helped_with == "Second version" and told.saving == "2.5 hours"
    edit_page = client.get(helped_url("post", answer)).content.decode()
    assert "Second version" in edit_page and "Save my story" in edit_page
    assert 'value="2.5"' in edit_page
    response = client.post(reverse("value:remove", kwargs={"kind": "post", "pk": answer.pk}))
    assert response.status_code == 302
    assert not Story.objects.exists()
    assert Post.objects.get(pk=answer.pk).helpful_count == 0  # the Helpful mark went with it


def test_a_story_needs_no_words_and_a_helpful_mark_already_given_is_kept(
    client, community, alice, bob
):
    answer = reply(topic(community, alice), bob)
    client.force_login(alice)
    client.post(reverse("conversations:helpful", kwargs={"kind": "post", "pk": answer.pk}))
    tell(client, "post", answer)
    assert Story.objects.get().helped_with == ""
    assert Post.objects.get(pk=answer.pk).helpful_count == 1


@pytest.mark.parametrize("kind", ["wikipage", "document", "event"])
def test_wiki_pages_documents_and_events_take_stories_from_their_pages(
    client, community, alice, bob, kind
):
    item = {
        "wikipage": lambda: page(community, bob),
        "document": lambda: document(community, bob),
        "event": lambda: EventFactory(community=community, created_by=bob),
    }[kind]()
    client.force_login(alice)
    html = client.get(item.get_absolute_url()).content.decode()
    assert helped_url(kind, item) in html and "This helped me" in html
    assert client.get(helped_url(kind, item)).status_code == 200
    response = tell(client, kind, item, helped_with="We reused it.", saved_amount="250",
                    saved_unit="pounds")  # fmt: skip
    assert response.status_code == 302 and response["Location"] == item.get_absolute_url()
    assert Story.objects.get().saving == "£250"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"saved_amount": "-3", "saved_unit": "hours"}, "Enter a number above 0."),
        ({"saved_amount": "0", "saved_unit": "hours"}, "Enter a number above 0."),
        ({"saved_amount": "1000000", "saved_unit": "hours"}, "Enter at most 10,000"),
        ({"saved_amount": "1e9", "saved_unit": "days"}, "Enter at most 10,000"),
        ({"saved_amount": "1.25", "saved_unit": "hours"}, "one decimal place"),
        ({"saved_amount": "lots", "saved_unit": "hours"}, "as a number"),
        ({"saved_amount": "3", "saved_unit": "weeks"}, "Choose hours, days or pounds"),
        ({"saved_amount": "3", "saved_unit": ""}, "Choose hours, days or pounds"),
        ({"saved_amount": "", "saved_unit": "days"}, "Say how much it saved"),
        ({"helped_with": "x" * 1001}, "at most 1000 characters"),
    ],
)
def test_bad_input_comes_back_with_the_text_kept_and_a_clear_message(
    client, community, alice, bob, data, message
):
    answer = reply(topic(community, alice), bob)
    client.force_login(alice)
    data = {"helped_with": "Helped me plan the panel.", **data}
    response = tell(client, "post", answer, **data)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "There is a problem" in html
    assert data["helped_with"][:50] in html  # what they wrote is still there
    assert not Story.objects.exists()


def test_nobody_tells_a_story_about_their_own_contribution(client, community, alice):
    own = topic(community, alice).opening_post
    client.force_login(alice)
    assert client.get(helped_url("post", own)).status_code == 403
    assert tell(client, "post", own, helped_with="Me!").status_code == 403
    own_page = page(community, alice)
    assert (
        helped_url("wikipage", own_page)
        not in client.get(own_page.get_absolute_url()).content.decode()
    )


def test_readers_who_are_not_members_cannot_tell_stories_and_hidden_items_are_404(
    client, community, alice, outsider
):
    post = topic(community, alice).opening_post
    client.force_login(outsider)  # may read the public community, is not a member
    assert client.get(helped_url("post", post)).status_code == 403
    secret = CommunityFactory(private=True)
    hidden = topic(secret, member_of(secret)).opening_post
    assert client.get(helped_url("post", hidden)).status_code == 404
    assert client.get(reverse("value:helped", kwargs={"kind": "poll", "pk": 1})).status_code == 404


def test_a_switched_off_feature_takes_no_stories_and_hides_those_told(
    client, community, alice, bob
):
    wiki_page = page(community, bob)
    told = story(wiki_page, alice)
    community.features = [f for f in community.features if f != "wiki"]
    community.save()
    client.force_login(alice)
    assert client.get(helped_url("wikipage", wiki_page)).status_code == 404
    assert tell(client, "wikipage", wiki_page, helped_with="Again").status_code == 404
    assert client.get(reverse("value:story", kwargs={"pk": told.pk})).status_code == 404
    assert not Story.objects.visible_to(alice).exists()


def test_an_archived_community_takes_no_new_stories_but_authors_still_remove_theirs(
    client, community, alice, bob
):
    answer = reply(topic(community, alice), bob)
    story(answer, alice)
    other = reply(answer.topic, bob, body="<p>Another idea.</p>")
    community.stage = community.Stage.CLOSEDOWN
    community.save()
    client.force_login(alice)
    assert tell(client, "post", other, helped_with="Late").status_code == 403
    assert client.get(helped_url("post", answer)).status_code == 200  # shows theirs, read-only
    client.post(reverse("value:remove", kwargs={"kind": "post", "pk": answer.pk}))
    assert not Story.objects.exists()


def test_a_switched_off_features_stories_leave_the_report_and_stories_page(
    client, community, alice, bob, facilitator
):
    from tests.value.factories import shareable

    shareable(story(page(community, bob), alice, helped_with="The wiki page story."),
              by=facilitator)  # fmt: skip
    community.features = [f for f in community.features if f != "wiki"]
    community.save()
    client.force_login(facilitator)
    for name in ("value:report", "value:stories"):
        html = client.get(reverse(name, kwargs={"slug": community.slug})).content.decode()
        assert "The wiki page story." not in html


def test_the_links_show_only_to_those_who_may_tell(client, community, alice, bob, outsider):
    answer = reply(topic(community, alice), bob)
    event = EventFactory(community=community, created_by=bob)
    client.force_login(outsider)  # reads the public community, is not a member
    assert (
        helped_url("post", answer)
        not in client.get(answer.topic.get_absolute_url()).content.decode()
    )
    assert "This helped me" not in client.get(event.get_absolute_url()).content.decode()
    client.force_login(bob)  # his own reply and event
    assert (
        helped_url("post", answer)
        not in client.get(answer.topic.get_absolute_url()).content.decode()
    )
    assert "This helped me" not in client.get(event.get_absolute_url()).content.decode()

"""The "Subscribe for email alerts" tool on the feature pages (seed: forum, document library…)."""

import pytest
from django.core import mail
from django.urls import reverse

from alerts.models import Frequency, Subscription
from tests.accounts.factories import UserFactory
from tests.activity.factories import yesterday
from tests.alerts.conftest import leads_to
from tests.blogs.factories import entry as blog_entry
from tests.communities.factories import CommunityFactory, member_of
from tests.forums.factories import reply, topic

pytestmark = pytest.mark.django_db


def follow(client, page_html, frequency):
    """Submit the page's own subscribe form, as a browser without JavaScript would."""
    import re

    opening = '<form method="post" action="/alerts/subscribe/" class="subscribe">'
    form = re.search(re.escape(opening) + "(.*?)</form>", page_html, re.S).group(1)
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))
    fields["frequency"] = frequency
    return client.post(reverse("alerts:subscribe"), fields)


def test_following_a_forum_from_its_page_brings_its_new_topics_in_the_digest(client, run_digests):
    community = CommunityFactory(name="Knowledge Management")
    reader, author = member_of(community), member_of(community, UserFactory(name="Mei Chen"))
    client.force_login(reader)
    page = client.get(reverse("forums:index", args=[community.slug])).content.decode()
    assert "Subscribe for email alerts for the forum of Knowledge Management" in page

    follow(client, page, "daily")

    subscription = Subscription.objects.get(user=reader)
    assert (subscription.feature, subscription.frequency) == ("forum", Frequency.DAILY)
    started = topic(community, author, title="Taxonomy workshop")
    from activity.models import Activity

    Activity.objects.filter(target_id=started.pk).update(created=yesterday())
    [message] = run_digests("daily")
    assert "Taxonomy workshop" in message.body
    assert f"http://127.0.0.1:8000{started.get_absolute_url()}" in leads_to(message.body)


def test_following_one_topic_from_its_page_sends_each_reply_at_once(
    client, django_capture_on_commit_callbacks
):
    community = CommunityFactory()
    reader, author = member_of(community), member_of(community)
    started = topic(community, author, title="Hybrid meetings")
    client.force_login(reader)
    page = client.get(started.get_absolute_url()).content.decode()
    assert "Subscribe for email alerts for this topic" in page

    follow(client, page, "immediate")
    with django_capture_on_commit_callbacks(execute=True):
        reply(started, author, body="<p>Microphones matter.</p>")

    [message] = mail.outbox
    assert message.to == [reader.email] and "Microphones matter." in message.body


def test_following_a_persons_blog(client, django_capture_on_commit_callbacks):
    blogger = UserFactory(name="Priya Shah")
    reader = UserFactory()
    blog_entry(blogger, title="First entry")
    client.force_login(reader)
    page = client.get(reverse("blogs:user", args=[blogger.username])).content.decode()
    assert "Subscribe for email alerts for Priya Shah’s blog" in page

    follow(client, page, "immediate")
    with django_capture_on_commit_callbacks(execute=True):
        blog_entry(blogger, title="Second entry")

    [message] = mail.outbox
    assert message.subject == "Priya Shah published a blog entry: Second entry"


def test_following_a_wiki_sends_each_new_page_and_edit(client):
    from tests.wikis.factories import edit
    from tests.wikis.factories import page as wiki_page

    community = CommunityFactory(name="Knowledge Management")
    reader, author = member_of(community), member_of(community, UserFactory(name="Mei Chen"))
    client.force_login(reader)
    page = client.get(reverse("wikis:index", args=[community.slug])).content.decode()
    assert "Subscribe for email alerts for the wiki of Knowledge Management" in page
    follow(client, page, "immediate")

    created = wiki_page(community, author, title="Glossary")
    edit(created, author, body="<p>Adds “CoP”.</p>")

    assert [m.subject for m in mail.outbox] == [
        "Mei Chen created the wiki page Glossary (Knowledge Management)",
        "Mei Chen edited the wiki page Glossary (Knowledge Management)",
    ]
    one_page = client.get(created.get_absolute_url()).content.decode()
    assert "Subscribe for email alerts for this page" in one_page


def test_the_document_library_and_events_pages_offer_the_tool(client, settings, tmp_path):
    from tests.documents.factories import document

    settings.MEDIA_ROOT = tmp_path / "media"
    community = CommunityFactory(name="Knowledge Management")
    reader = member_of(community)
    client.force_login(reader)
    library = client.get(reverse("documents:index", args=[community.slug])).content.decode()
    assert "Subscribe for email alerts for the document library of Knowledge Management" in library
    doc = document(community, member_of(community))
    assert (
        "Subscribe for email alerts for this document"
        in client.get(doc.get_absolute_url()).content.decode()
    )
    events = client.get(reverse("events:index", args=[community.slug])).content.decode()
    assert "Subscribe for email alerts for the events of Knowledge Management" in events

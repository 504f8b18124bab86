"""Helpful marks and reports, on forum posts, comments and blog entries alike."""

import pytest
from django.core import mail
from django.urls import reverse

from comments import services as comment_services
from conversations.models import Reaction, Report
from forums.models import Post
from tests.blogs.factories import entry
from tests.forums.factories import reply, topic

pytestmark = pytest.mark.django_db


def helpful(client, item):
    return client.post(
        reverse("conversations:helpful", kwargs={"kind": item.conversation_kind, "pk": item.pk})
    )


def test_one_helpful_mark_per_member_with_the_count_and_names_shown(
    client, community, alice, bob, facilitator
):
    t = topic(community, alice)
    answer = reply(t, bob, body="Try the templates in the library.")
    for person in (alice, facilitator):
        client.force_login(person)
        helpful(client, answer)
    client.force_login(alice)
    helpful(client, answer)  # pressing again takes the mark back
    helpful(client, answer)
    answer.refresh_from_db()
    assert answer.helpful_count == 2 == Reaction.objects.count()
    html = client.get(t.get_absolute_url()).content.decode()
    assert "2 found this helpful" in html
    assert "<li>Alice Adams</li>" in html and "<li>Grace Facilitator</li>" in html
    assert 'aria-pressed="true"' in html


def test_nobody_marks_their_own_post_and_outsiders_cannot_react(client, community, alice, outsider):
    own = topic(community, alice).opening_post
    client.force_login(alice)
    assert helpful(client, own).status_code == 403
    client.force_login(outsider)  # can read a public community, but is not a member
    assert helpful(client, own).status_code == 403
    assert Reaction.objects.count() == 0


def test_comments_and_blog_entries_take_helpful_marks_too(client, community, alice, bob):
    written = entry(alice, communities=[community])
    comment = comment_services.comment_create(target=written, author=alice, body="Thanks all")
    client.force_login(bob)
    helpful(client, written)
    helpful(client, comment)
    written.refresh_from_db()
    comment.refresh_from_db()
    assert written.helpful_count == comment.helpful_count == 1


def test_a_report_reaches_the_facilitators_who_hide_it(
    client, community, alice, bob, facilitator, django_capture_on_commit_callbacks
):
    t = topic(community, alice)
    rude = reply(t, bob, body="<p>Something rude</p>")
    client.force_login(alice)
    url = reverse("conversations:report", kwargs={"kind": "post", "pk": rude.pk})
    response = client.post(url, {"reason": ""})
    assert "Say what is wrong" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Personal attack"})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[facilitator.email]]
    assert "Personal attack" in mail.outbox[0].body
    assert "already reported" in client.post(url, {"reason": "Again"}).content.decode()

    client.force_login(bob)
    queue = reverse("conversations:queue", kwargs={"slug": community.slug})
    assert client.get(queue).status_code == 403
    client.force_login(facilitator)
    html = client.get(queue).content.decode()
    assert "Personal attack" in html and "Something rude" in html
    report = Report.objects.get()
    client.post(reverse("conversations:decide", kwargs={"pk": report.pk}), {"action": "hide"})
    assert Post.objects.get(pk=rude.pk).removal == "report"
    client.force_login(alice)
    html = client.get(t.get_absolute_url()).content.decode()
    assert "hidden by a facilitator after a report" in html and "Something rude" not in html

    client.force_login(facilitator)
    client.post(reverse("conversations:decide", kwargs={"pk": report.pk}), {"action": "restore"})
    assert not Post.objects.get(pk=rude.pk).is_removed


def test_dismissing_leaves_the_item_alone(client, community, alice, bob, facilitator):
    t = topic(community, alice)
    fine = reply(t, bob)
    client.force_login(alice)
    client.post(
        reverse("conversations:report", kwargs={"kind": "post", "pk": fine.pk}),
        {"reason": "Not sure"},
    )
    client.force_login(facilitator)
    report = Report.objects.get()
    client.post(reverse("conversations:decide", kwargs={"pk": report.pk}), {"action": "dismiss"})
    assert Report.objects.get().state == "dismissed" and not Post.objects.get(pk=fine.pk).is_removed
    html = client.get(reverse("conversations:queue", kwargs={"slug": community.slug})).content
    assert b"No reports waiting for a decision" in html


def test_a_personal_blog_entry_is_reported_to_the_site_team(client, alice, bob, site_admin):
    written = entry(alice)
    client.force_login(bob)
    client.post(
        reverse("conversations:report", kwargs={"kind": "blogentry", "pk": written.pk}),
        {"reason": "Spam"},
    )
    assert Report.objects.get().community is None
    client.force_login(site_admin)
    assert b"Spam" in client.get(reverse("conversations:site_queue")).content

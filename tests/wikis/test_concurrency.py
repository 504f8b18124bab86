"""Two people edit the same page at once: nobody's work is ever silently lost."""

import threading

import pytest
from django.db import connection, connections
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.communities.factories import CommunityFactory, member_of
from tests.search.helpers import committed
from tests.wikis.factories import page as make_page
from wikis import services
from wikis.models import Revision, WikiPage
from wikis.services import EditConflict


def edit_url(page):
    return reverse("wikis:edit", args=[page.community.slug, page.slug])


def form_data(page, body, reason, base_version):
    return {"title": page.title, "body": body, "reason": reason, "base_version": base_version}


def test_the_second_of_two_editors_keeps_their_text_and_sees_what_changed(
    client, agenda, steve, grace, django_user_model
):
    # Steve and Grace both open the editor on revision 1.
    client.force_login(steve)
    assert 'name="base_version" value="1"' in client.get(edit_url(agenda)).text
    grace_client = client.__class__()
    grace_client.force_login(grace)
    assert grace_client.get(edit_url(agenda)).status_code == 200

    # Grace saves first.
    with committed():
        response = grace_client.post(
            edit_url(agenda),
            form_data(agenda, "<p>10am: Welcome - Grace Hopkins</p>", "New host", 1),
        )
    assert response.status_code == 302

    # Steve saves on top of revision 1: refused, his text still there, the change shown.
    steves_text = "<p>10am: Welcome and Introductions - Steve Dale</p><p>Lunch at 1pm</p>"
    response = client.post(edit_url(agenda), form_data(agenda, steves_text, "Added lunch", 1))
    assert response.status_code == 409
    page_html = response.text
    assert "Grace Hopkins saved a new version of this page (revision 2)" in page_html
    assert "Lunch at 1pm" in page_html  # in the form, not lost
    assert 'value="Added lunch"' in page_html  # the reason too
    assert 'name="base_version" value="2"' in page_html  # now based on Grace's version
    assert '<del class="diff__removed">' in page_html and '<ins class="diff__added">' in page_html
    assert Revision.objects.filter(page=agenda).count() == 2

    # Having looked at the differences, Steve saves again: both versions are in the history.
    with committed():
        response = client.post(edit_url(agenda), form_data(agenda, steves_text, "Added lunch", 2))
    assert response.status_code == 302
    history = list(Revision.objects.filter(page=agenda).values_list("number", "author__name"))
    assert history == [(3, "Steve Dale"), (2, "Grace Hopkins"), (1, "Dave Briggs")]
    assert "Lunch at 1pm" in WikiPage.objects.get(pk=agenda.pk).current_revision.body


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL row locks between two real transactions (SQLite runs one writer "
    "at a time); `make test` runs it on PostgreSQL",
)
def test_two_simultaneous_saves_on_postgresql_one_wins_one_gets_a_conflict(transactional_db):
    community = CommunityFactory()
    editors = [member_of(community, UserFactory(name=n)) for n in ("Ann", "Ben")]
    page = make_page(community, editors[0], title="Budget", body="<p>v1</p>")
    start = threading.Barrier(2)
    outcomes = {}

    def save(editor):
        try:
            mine = WikiPage.objects.select_related("community", "current_revision").get(pk=page.pk)
            start.wait(timeout=10)
            services.page_edit(
                page=mine,
                by=editor,
                title="Budget",
                body=f"<p>{editor.name}'s figures</p>",
                reason=f"{editor.name} updated",
                base_version=1,
            )
            outcomes[editor.name] = "saved"
        except EditConflict:
            outcomes[editor.name] = "conflict"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(editor,)) for editor in editors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values()) == ["conflict", "saved"]
    winner = next(name for name, outcome in outcomes.items() if outcome == "saved")
    page.refresh_from_db()
    assert page.version == 2
    assert Revision.objects.filter(page=page).count() == 2
    assert page.current_revision.body == f"<p>{winner}'s figures</p>"

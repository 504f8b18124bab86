from django.urls import reverse

from communities.models import Community
from tests.search.helpers import committed
from tests.wikis.factories import edit, page
from wikis.models import WikiPage


def url(name, page, *args):
    return reverse(f"wikis:{name}", args=[page.community.slug, page.slug, *args])


def test_a_member_creates_a_page_with_related_entries(client, community, dave, agenda):
    client.force_login(dave)
    form = client.get(reverse("wikis:new", args=[community.slug]))
    assert "Related entry 1" in form.text and "Select an entry…" in form.text
    with committed():
        response = client.post(
            reverse("wikis:new", args=[community.slug]),
            {
                "title": "Venue",
                "body": "<p>IDeA office, London.</p>",
                "reason": "",
                "related_1": agenda.pk,
            },
        )
    created = WikiPage.objects.get(title="Venue")
    assert response.status_code == 302 and response["Location"] == created.get_absolute_url()
    assert list(created.related.all()) == [agenda]
    assert created.current_revision.reason == "Created the page."


def test_bad_input_is_shown_again_with_what_was_typed(client, agenda, steve):
    client.force_login(steve)
    response = client.post(
        url("edit", agenda),
        {"title": "", "body": "<p>My careful rewrite.</p>", "reason": "", "base_version": 1},
    )
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "Give the page a title." in response.text
    assert "Say briefly why you updated the page." in response.text
    assert "My careful rewrite." in response.text
    assert agenda.revisions.count() == 1


def test_the_page_shows_its_text_revision_reason_related_entries_and_who_can_see_it(
    client, agenda, steve
):
    edit(agenda, steve, body="<p>Speakers confirmed.</p>", reason="Confirmed speakers")
    client.force_login(steve)
    html = client.get(url("page", agenda)).text
    assert "Speakers confirmed." in html
    assert "Revision 2" in html and "Steve Dale" in html and "Confirmed speakers" in html
    assert "Visible to everyone signed in" in html
    assert "Related entries" in html
    assert steve.username not in html  # names, never usernames


def test_history_lists_every_revision_and_the_diff_shows_what_changed(client, agenda, steve):
    edit(
        agenda,
        steve,
        body="<h2>Draft Agenda</h2><p>10am: Welcome and Introductions - Dave Briggs</p>"
        "<p>10.30am: The benefits of using social media in local gov</p><p>Lunch</p>",
        reason="Dave hosts; added lunch",
    )
    client.force_login(steve)
    history = client.get(url("history", agenda)).text
    assert "Dave hosts; added lunch" in history and "First draft of the agenda" in history
    diff = client.get(url("compare", agenda) + "?old=1&new=2").text
    assert (
        '<del class="diff__removed"><span class="visually-hidden">[removed: </span>Steve Dale'
        in (diff)
    )
    assert (
        '<ins class="diff__added"><span class="visually-hidden">[added: </span>Dave Briggs' in diff
    )
    assert "Paragraph added:" in diff and "Lunch" in diff
    old = client.get(url("revision", agenda, 1)).text
    assert "This is an old version of the page" in old and "Steve Dale" in old


def test_comparing_a_revision_that_does_not_exist_says_so(client, agenda, steve):
    client.force_login(steve)
    response = client.get(url("compare", agenda) + "?old=1&new=9")
    assert response.status_code == 400
    assert "This page has revisions 1 to 1." in response.text
    same = client.get(url("compare", agenda) + "?old=1&new=1")
    assert "Choose two different revisions to compare." in same.text


def test_revert_restores_an_old_revision_as_a_new_one(client, agenda, steve):
    edit(agenda, steve, body="<p>Oops, deleted everything.</p>", reason="Oops")
    client.force_login(steve)
    confirm = client.get(url("revert", agenda, 1))
    assert 'value="Reverted to revision 1"' in confirm.text
    with committed():
        response = client.post(url("revert", agenda, 1), {"reason": "", "base_version": 2})
    assert response.status_code == 302
    agenda.refresh_from_db()
    assert agenda.version == 3
    assert agenda.current_revision.reason == "Reverted to revision 1"
    assert "Welcome and Introductions" in agenda.current_revision.body


def test_search_within_the_wiki_finds_pages_by_their_words(client, agenda, community, dave):
    page(community, dave, title="Venue and travel", body="<p>Trains from Euston.</p>")
    client.force_login(dave)
    html = client.get(reverse("wikis:index", args=[community.slug]) + "?q=euston").text
    assert "Venue and travel" in html and "Social Media Big Day Out" not in html
    assert "<mark>Euston</mark>" in html


def test_index_lists_a_to_z_or_recently_changed(client, agenda, community, dave):
    page(community, dave, title="Attendees")
    edit(agenda, dave, body="<p>Changed.</p>")
    client.force_login(dave)
    a_to_z = client.get(reverse("wikis:index", args=[community.slug])).text
    assert a_to_z.index("Attendees") < a_to_z.index("Social Media Big Day Out")
    recent = client.get(reverse("wikis:index", args=[community.slug]) + "?sort=recent").text
    assert recent.index("Social Media Big Day Out") < recent.index("Attendees")


def test_an_archived_wiki_is_read_only(client, agenda, community, dave):
    Community.objects.filter(pk=community.pk).update(stage=Community.Stage.CLOSEDOWN)
    client.force_login(dave)
    page_html = client.get(url("page", agenda)).text
    assert "Welcome and Introductions" in page_html
    assert url("edit", agenda) not in page_html
    response = client.get(url("edit", agenda))
    assert response.status_code == 403
    assert "read-only archive" in response.text


def test_a_community_without_the_wiki_feature_has_no_wiki(client, agenda, community, dave):
    Community.objects.filter(pk=community.pk).update(features=["forum"])
    client.force_login(dave)
    assert client.get(reverse("wikis:index", args=[community.slug])).status_code == 404
    assert client.get(url("page", agenda)).status_code == 404


def test_an_edit_typed_with_control_characters_is_stored_without_them(client, agenda, steve):
    client.force_login(steve)
    response = client.post(
        url("edit", agenda),
        {
            "title": "Big\x01 Day Out",
            "body": "<p>New &#1;agenda\x02</p>",
            "reason": "Tidy\x1f up",
            "base_version": 1,
        },
    )
    assert response.status_code == 302
    agenda.refresh_from_db()
    assert agenda.title == "Big Day Out"
    assert agenda.current_revision.reason == "Tidy up"
    assert agenda.current_revision.body == "<p>New agenda</p>"

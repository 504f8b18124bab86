"""Person cards, written in Python (profiles.cards): what a member reads on each card of the
finder, People like me and contacts, escaped, linked where reverse() links, with the
template's translated sentences."""

import re

import pytest
from django.urls import reverse

from profiles import cards
from profiles.models import Contact, Region, Visibility
from tests.communities.factories import CommunityFactory, member_of
from tests.profiles.factories import give_photo, person

pytestmark = pytest.mark.django_db

# The message ids the card template had: translations already made keep applying.
MESSAGE_IDS = {
    '<%(heading)s class="card__title"><a href="%(get_absolute_url)s">%(display_name)s</a>'
    "</%(heading)s>",
    "Matched on",
    "Expertise:",
    "Areas of expertise of ",
    "You share:",
    "%(tag)s (their expertise)",
    "%(tag)s (their interest)",
    "In your communities:",
    'Remove from contacts<span class="visually-hidden">: %(display_name)s</span>',
    "Add %(display_name)s as a contact",
    'Send a message<span class="visually-hidden"> to %(display_name)s</span>',
}


@pytest.fixture
def world(client):
    me = person(
        "Mina Searcher",
        organisation="Somerset & Co",
        expertise=["life story work"],
        interests=["procurement", "<i>kin</i>"],
    )
    client.force_login(me)
    shared = CommunityFactory(name="Adoption & <Fostering>")
    member_of(shared, me)
    ann = person(
        "Ann <script>alert(1)</script> O'Neil",
        organisation="Somerset & Co",
        job_title="",
        location="",
        region=Region.LONDON,
        expertise=['a&b "q"', "procurement"],
        interests=["<i>kin</i>"],
        phone="07 700 900",
        phone_visibility=Visibility.MEMBERS,
        website="https://example.org/?a=1&b=2",
        website_visibility=Visibility.MEMBERS,
        social_links="https://a.example/x?y=1&z",
        social_links_visibility=Visibility.MEMBERS,
        email_visibility=Visibility.CONTACTS,
    )
    give_photo(ann)
    member_of(shared, ann)
    bob = person(
        "Bob Contact", organisation="Somerset & Co", location="London", region=Region.LONDON
    )
    Contact.objects.create(owner=bob, contact=me)
    Contact.objects.create(owner=me, contact=bob)
    return me, ann, bob, shared


def card_of(html, name):
    """The <li> of the card whose title holds `name` (as escaped in the page)."""
    for card in html.split('<li class="card person-card">')[1:]:
        if f">{name}</a></h" in card:
            return card.split("\n</li>\n", 1)[0]
    raise AssertionError(f"no card for {name}")


def test_a_card_shows_everything_escaped_with_the_links_reverse_gives(client, world):
    me, ann, bob, shared = world
    html = client.get("/people/?organisation=somerset&interest=kin").content.decode()
    name = "Ann &lt;script&gt;alert(1)&lt;/script&gt; O&#x27;Neil"
    card = card_of(html, name)

    assert "<script>" not in html
    detail = reverse("profiles:detail", args=[ann.username])
    assert f'<h3 class="card__title"><a href="{detail}">{name}</a></h3>' in card
    assert f'<ul class="tag-list" aria-label="Areas of expertise of {name}">' in card
    expertise = reverse("profiles:finder") + "?expertise=a%26b%20%22q%22"
    assert f'<a class="tag" href="{expertise}">a&amp;b &quot;q&quot;</a>' in card
    assert "Matched on organisation: <em>Somerset &amp; Co</em>; interest: <em>&lt;i&gt;kin" in card
    assert '<p class="muted person-card__place">London\n</p>' in card
    assert '<a href="tel:07700900">07 700 900</a>' in card
    assert '<a href="https://example.org/?a=1&amp;b=2" rel="noopener nofollow ugc">' in card
    assert 'rel="noopener nofollow ugc me">https://a.example/x?y=1&amp;z</a>' in card
    assert "mailto:" not in card, "her email is for her contacts"
    home = reverse("communities:home", args=[shared.slug])
    assert f'<a href="{home}">Adoption &amp; &lt;Fostering&gt;</a>' in card
    assert reverse("profiles:photo", args=[ann.username]) in card
    assert f'action="{reverse("profiles:contact_add", args=[ann.username])}"' in card
    assert f"Add {name} as a contact</button>" in card
    assert f'<a href="{reverse("profiles:compose", args=[ann.username])}">' in card
    assert 'name="next" value="/people/?organisation=somerset&amp;interest=kin"' in card

    # The page's one CSRF token, on every card's form as on the rest of the page.
    tokens = set(re.findall(r'csrfmiddlewaretoken" value="([^"]+)"', html))
    assert len(tokens) == 1


def test_my_contacts_card_offers_removal_and_my_own_card_no_buttons(client, world):
    me, ann, bob, shared = world
    html = client.get("/people/?organisation=somerset").content.decode()

    bobs = card_of(html, "Bob Contact")
    assert f'action="{reverse("profiles:contact_remove", args=[bob.username])}"' in bobs
    assert "button--secondary" in bobs
    assert "mailto:" in bobs, "Bob shows his contacts his email"
    mine = card_of(html, "Mina Searcher")
    assert "person-card__actions" not in mine


def test_people_like_me_says_which_tags_we_share(client, world):
    html = client.get(reverse("profiles:like_me")).content.decode()
    card = card_of(html, "Ann &lt;script&gt;alert(1)&lt;/script&gt; O&#x27;Neil")

    assert (
        '<p class="person-card__why">You share:\n        procurement (their expertise), '
        "\n        &lt;i&gt;kin&lt;/i&gt; (their interest)\n      </p>"
    ) in card


def test_the_cards_sentences_are_the_templates_message_ids(client, world, monkeypatch):
    asked = set()
    real = cards.gettext

    def recording(message):
        asked.add(message)
        return real(message)

    monkeypatch.setattr(cards, "gettext", recording)
    client.get("/people/?organisation=somerset&interest=kin")
    client.get("/people/?organisation=somerset")
    client.get(reverse("profiles:like_me"))

    assert asked == MESSAGE_IDS

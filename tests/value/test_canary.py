"""Stories told in a private community never reach anyone who is not one of its members (or a
site admin): not through the stories page, the report, its CSV, the author's consent page, the
bell or the email asking for consent. Every response and email is scanned for the tokens."""

import pytest
from django.core import mail
from django.urls import reverse

from communities.services import membership_leave
from tests.accounts.factories import UserFactory
from tests.communities.factories import CommunityFactory
from tests.communities.worlds import _raw_member_check
from tests.forums.factories import reply, topic
from tests.richtext.fixtures import join
from tests.value.factories import shareable, story
from value.models import Sharing, Story

pytestmark = pytest.mark.django_db


@pytest.fixture
def secret(canaries):
    """A private community with a canary in a reply's text and in a member's story about it."""
    community = CommunityFactory(name="Adoption Policy CoP", private=True)
    members_only = _raw_member_check(community)
    facilitator = join(UserFactory(name="Grace Facilitator"), community, facilitator=True)
    teller = join(UserFactory(name="Tess Teller"), community)
    writer = join(UserFactory(name="Wes Writer"), community)
    title = canaries.plant(visible_to=members_only, description="private topic title")
    text = canaries.plant(visible_to=members_only, description="private story")
    answer = reply(topic(community, writer, title=f"Panels {title}"), writer)
    told = story(answer, teller, helped_with=f"It halved our backlog {text}", amount="4",
                 unit="days")  # fmt: skip
    return {
        "community": community,
        "facilitator": facilitator,
        "teller": teller,
        "writer": writer,
        "answer": answer,
        "story": told,
    }


def pages(community, told):
    slug = community.slug
    return [
        reverse("value:stories", kwargs={"slug": slug}),
        reverse("value:report", kwargs={"slug": slug}),
        reverse("value:report_csv", kwargs={"slug": slug}),
        reverse("value:story", kwargs={"pk": told.pk}),
        reverse("value:helped", kwargs={"kind": "post", "pk": told.target_id}),
        reverse("value:site_report"),
        reverse("value:site_report_csv"),
        reverse("notifications:index"),
        reverse("core:home"),
    ]


def test_non_members_never_see_a_private_communitys_stories(client, secret):
    facilitator, community, told = secret["facilitator"], secret["community"], secret["story"]
    shareable(told, by=facilitator)
    outsider = UserFactory(name="Olive Outsider")
    for person in (outsider, None):
        client.logout()
        if person:
            client.force_login(person)
        for url in pages(community, told):
            assert client.get(url).status_code in (200, 302, 403, 404)
    client.force_login(facilitator)  # the facilitator sees them (and the harness allows it)
    assert "It halved our backlog" in client.get(pages(community, told)[1]).content.decode()


def test_the_consent_email_and_bell_go_to_the_author_only_and_fade_when_they_leave(
    client, secret, django_capture_on_commit_callbacks
):
    community, teller, told = secret["community"], secret["teller"], secret["story"]
    client.force_login(secret["facilitator"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("value:ask", kwargs={"slug": community.slug, "pk": told.pk}))
    assert [m.to for m in mail.outbox] == [[teller.email]]
    client.force_login(teller)
    assert "shared with the sponsors" in client.get(reverse("notifications:index")).content.decode()
    mail.outbox.clear()  # sent while she was a member; the harness judges by membership now
    membership_leave(user=teller, community=community)
    # Gone from the community: the bell no longer shows it, and the story's page is hidden.
    for url in pages(community, told):
        client.get(url)
    assert client.get(reverse("value:story", kwargs={"pk": told.pk})).status_code == 404


def test_an_author_who_left_is_not_asked_and_gets_no_email(
    client, secret, django_capture_on_commit_callbacks
):
    community, told = secret["community"], secret["story"]
    membership_leave(user=secret["teller"], community=community)
    client.force_login(secret["facilitator"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("value:ask", kwargs={"slug": community.slug, "pk": told.pk}))
    assert response.status_code == 302
    assert Story.objects.get().sharing == Sharing.PRIVATE
    assert mail.outbox == []


def test_a_sub_community_s_stories_stay_inside_it(client, canaries):
    parent = CommunityFactory(name="Adoption Policy CoP", private=True)
    sub = CommunityFactory(name="Panel Task Group", private=True, parent=parent)
    facilitator = join(join(UserFactory(), parent), sub, facilitator=True)
    teller = join(join(UserFactory(), parent), sub)
    parent_only = join(UserFactory(name="Pam Parent"), parent)
    text = canaries.plant(visible_to=_raw_member_check(sub), description="sub-community story")
    answer = reply(topic(sub, facilitator), facilitator)
    told = story(answer, teller, helped_with=f"Sub story {text}")
    shareable(told, by=facilitator)
    client.force_login(parent_only)
    for url in pages(sub, told):
        assert client.get(url).status_code in (200, 403, 404)
    parent_report = reverse("value:report", kwargs={"slug": parent.slug})
    client.force_login(join(UserFactory(), parent, facilitator=True))  # the parent's facilitator
    assert client.get(parent_report).status_code == 200  # sub-communities report their own

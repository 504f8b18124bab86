"""Who is told what by email: each message has a subject, a text and an HTML part, and absolute
links back to the site."""

import re

import pytest
from django.test import override_settings

from communities import services
from tests.accounts.factories import AdminFactory, UserFactory
from tests.communities.factories import CommunityFactory, MembershipRequestFactory, member_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_url")]

SITE = "https://cop.example.org"


@pytest.fixture
def site_url():
    with override_settings(SITE_URL=SITE):
        yield


@pytest.fixture
def send(django_capture_on_commit_callbacks, mailoutbox):
    """Run a service and return the emails it queued (sent after the transaction commits)."""

    def run(service, **kwargs):
        before = len(mailoutbox)
        with django_capture_on_commit_callbacks(execute=True):
            result = service(**kwargs)
        run.result = result
        return mailoutbox[before:]

    return run


def html_of(message):
    (html, mimetype), *_ = message.alternatives
    assert mimetype == "text/html"
    return html


def links(message):
    return re.findall(r"https?://\S+?(?=[\s\"<]|$)", message.body)


def test_site_admins_hear_of_each_new_proposal(send):
    admins = [AdminFactory(), AdminFactory()]
    UserFactory()  # not a site admin: not told
    admins.append(UserFactory(is_superuser=True))  # a superuser without is_staff is told too
    (message,) = send(
        services.community_propose,
        proposer=UserFactory(name="Priya Shah"),
        name="Climate Adaptation Officers",
        short_description="Planning for flooding and heat.",
        domain="Adaptation.",
        purpose="Share plans.",
        intended_members="Officers.",
        visibility="public",
    )
    assert sorted(message.to) == sorted(a.email for a in admins)
    assert "New community proposal: Climate Adaptation Officers" in message.subject
    assert "Priya Shah has proposed" in message.body
    review = f"{SITE}/communities/review/{send.result.pk}/"
    assert review in links(message) and review in html_of(message)


def test_the_proposer_hears_of_approval_and_becomes_facilitator(send):
    proposer = UserFactory()
    proposal = CommunityFactory(name="Climate CoP", pending=True, proposed_by=proposer)
    (message,) = send(services.community_approve, community=proposal, admin=AdminFactory())
    assert message.to == [proposer.email]
    assert message.subject.endswith("Climate CoP is approved and open")
    assert "you are its first facilitator" in message.body
    assert f"{SITE}/c/climate-cop/" in links(message)


def test_the_proposer_reads_the_reason_for_a_rejection(send):
    proposer = UserFactory()
    proposal = CommunityFactory(name="Climate CoP", pending=True, proposed_by=proposer)
    (message,) = send(
        services.community_reject,
        community=proposal,
        admin=AdminFactory(name="Sam Admin"),
        reason="Please join the Sustainability CoP.",
    )
    assert message.to == [proposer.email]
    assert "Please join the Sustainability CoP." in message.body
    assert "Please join the Sustainability CoP." in html_of(message)
    assert f"{SITE}/communities/mine/" in links(message)


def test_facilitators_get_each_request_with_its_reason(send):
    community = CommunityFactory(name="Adoption Policy CoP", private=True)
    facilitators = [member_of(community, facilitator=True) for _ in range(2)]
    member_of(community)  # an ordinary member is not told
    (message,) = send(
        services.membership_request_create,
        user=UserFactory(name="Riley Requester"),
        community=community,
        reason="I redesign panel reports in Wiltshire.",
    )
    assert sorted(message.to) == sorted(f.email for f in facilitators)
    assert message.subject.endswith("Riley Requester asks to join Adoption Policy CoP")
    assert "I redesign panel reports in Wiltshire." in message.body
    assert f"{SITE}/c/adoption-policy-cop/manage/requests/" in links(message)


def test_an_approved_requester_is_welcomed_with_the_ground_rules(send):
    community = CommunityFactory(
        name="Adoption Policy CoP",
        private=True,
        welcome_message="Introduce yourself in the forum.",
        ground_rules="What is shared here stays here.",
    )
    facilitator = member_of(community, facilitator=True)
    request = MembershipRequestFactory(community=community)
    (message,) = send(
        services.membership_request_decide,
        membership_request=request,
        by=facilitator,
        approve=True,
        message="Great to have you.",
    )
    assert message.to == [request.user.email]
    for part in (message.body, html_of(message)):
        assert "Great to have you." in part
        assert "Introduce yourself in the forum." in part
        assert "What is shared here stays here." in part


def test_a_declined_requester_gets_the_facilitators_message(send):
    community = CommunityFactory(name="Adoption Policy CoP", private=True)
    request = MembershipRequestFactory(community=community)
    (message,) = send(
        services.membership_request_decide,
        membership_request=request,
        by=member_of(community, facilitator=True),
        approve=False,
        message="This group is for adoption teams only.",
    )
    assert "did not approve your request" in message.body
    assert "This group is for adoption teams only." in message.body


def test_joining_a_public_community_sends_the_welcome_message(send):
    community = CommunityFactory(
        name="Knowledge Management", welcome_message="Say hello!", ground_rules="No selling."
    )
    joiner = UserFactory()
    (message,) = send(services.membership_join, user=joiner, community=community)
    assert message.to == [joiner.email]
    assert message.subject.endswith("Welcome to Knowledge Management")
    assert "Say hello!" in message.body and "No selling." in message.body


def test_an_invitation_carries_a_link_that_works_after_signing_up(send):
    community = CommunityFactory(name="Cornwall Language Group", private=True)
    (message,) = send(
        services.invitation_create,
        community=community,
        by=member_of(community, UserFactory(name="Mei Chen"), facilitator=True),
        target="new.person@example.org",
        message="We need Cornish speakers.",
    )
    assert message.to == ["new.person@example.org"]
    assert message.subject.endswith("Mei Chen invites you to join Cornwall Language Group")
    assert "sign up first with this email address" in message.body
    assert f"{SITE}/communities/invitations/{send.result.token}/" in links(message)


def test_removed_and_promoted_members_are_told(send):
    community = CommunityFactory(name="Knowledge Management")
    facilitator = member_of(community, facilitator=True)
    promoted, removed = member_of(community), member_of(community)
    (message,) = send(services.member_promote, community=community, user=promoted, by=facilitator)
    assert message.to == [promoted.email] and "co-facilitator" in message.subject
    (message,) = send(
        services.member_remove,
        community=community,
        user=removed,
        by=facilitator,
        message="Please keep posts on topic.",
    )
    assert message.to == [removed.email]
    assert "Please keep posts on topic." in message.body


def test_nothing_is_sent_when_the_action_is_refused(send, mailoutbox):
    community = CommunityFactory(private=True, welcome_message="Hello")
    with pytest.raises(services.Invalid):
        send(services.membership_join, user=UserFactory(), community=community)
    assert mailoutbox == []


def propose(send, name, *, proposer_name="Priya Shah"):
    AdminFactory()
    (message,) = send(
        services.community_propose,
        proposer=UserFactory(name=proposer_name),
        name=name,
        short_description="Tea & <biscuits> for all.",
        domain="Adaptation.",
        purpose="Share plans.",
        intended_members="Officers.",
        visibility="public",
    )
    return message


def test_plain_text_parts_read_as_typed_and_only_the_html_part_is_escaped(send):
    message = propose(send, "<img src=x> & Co", proposer_name="O'Brien & Sons")
    assert message.subject == "New community proposal: <img src=x> & Co"
    assert "O'Brien & Sons has proposed a new community, <img src=x> & Co:" in message.body
    assert "Tea & <biscuits> for all." in message.body
    assert "&amp;" not in message.body + message.subject and "&lt;" not in message.body
    html = html_of(message)
    assert "&lt;img src=x&gt; &amp; Co" in html and "<img src=x>" not in html
    assert "Tea &amp; &lt;biscuits&gt;" in html


def test_a_name_cannot_add_a_header_to_the_email(send):
    message = propose(send, "Evil\r\nBcc: x@example.org\n\x01Co", proposer_name="A\r\nCc: y@y")
    assert message.subject == "New community proposal: Evil Bcc: x@example.org Co"
    assert message.bcc == [] and message.cc == []
    raw = message.message().as_bytes()
    headers = raw.split(b"\n\n", 1)[0].replace(b"\r", b"")
    assert not re.search(rb"^(Bcc|Cc):", headers, re.MULTILINE)
    assert b"\x01" not in raw

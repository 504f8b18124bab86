"""Private messages: a simple messaging system for members to contact one another."""

import pytest
from django.core import mail
from django.urls import reverse

from profiles import home, services
from profiles.models import Conversation, Message, MessageEmail, Participant
from tests.accounts.factories import UserFactory
from tests.profiles.factories import conversation, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def alex():
    return person("Alex Member")


@pytest.fixture
def fran():
    return person("Fran Facilitator")


def send_new(client, sender, recipient, subject="Panel paperwork", body="Could you share it?"):
    client.force_login(sender)
    return client.post(
        reverse("profiles:compose", args=[recipient.username]),
        {"subject": subject, "body": body},
    )


def nav_unread(client):
    return client.get(reverse("profiles:inbox")).context["unread_conversations"]()


def test_a_member_starts_a_conversation_and_the_recipient_sees_it_unread(client, alex, fran):
    response = send_new(client, alex, fran)
    convo = Conversation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == convo.get_absolute_url()

    client.force_login(fran)
    inbox = client.get(reverse("profiles:inbox"))
    page = inbox.content.decode()
    assert "Panel paperwork" in page
    assert "With Alex Member" in page
    assert "1 new" in page
    assert 'class="nav-count">1<span class="visually-hidden"> unread</span>' in page


def test_opening_the_conversation_marks_it_read_and_replying_reaches_the_other(client, alex, fran):
    convo = conversation(alex, fran, body="Could you share the template?")
    client.force_login(fran)
    assert nav_unread(client) == 1
    page = client.get(convo.get_absolute_url()).content.decode()
    assert "Could you share the template?" in page
    assert nav_unread(client) == 0

    response = client.post(convo.get_absolute_url(), {"body": "Of course, attached."})
    assert response.status_code == 302
    client.force_login(alex)
    assert nav_unread(client) == 1
    page = client.get(convo.get_absolute_url()).content.decode()
    # Threaded: oldest first, each with who said it.
    assert page.index("Could you share the template?") < page.index("Of course, attached.")
    assert "Fran Facilitator" in page


def test_nobody_else_can_read_or_write_in_a_conversation(client, alex, fran, canaries):
    token = canaries.plant(
        visible_to=lambda u: u.is_authenticated and u.pk in (alex.pk, fran.pk),
        description="a private message",
    )
    convo = conversation(alex, fran, body=f"Private: {token}")
    nosy = UserFactory()
    client.force_login(nosy)
    assert client.get(convo.get_absolute_url()).status_code == 404
    assert client.post(convo.get_absolute_url(), {"body": "Hi!"}).status_code == 404
    assert client.post(reverse("profiles:archive", args=[convo.pk])).status_code == 404
    assert Message.objects.count() == 1
    assert client.get(reverse("profiles:inbox")).status_code == 200
    client.force_login(fran)
    assert token in client.get(convo.get_absolute_url()).content.decode()


def listed(client, folder):
    return [p.conversation.subject for p in client.get(reverse(folder)).context["page_obj"]]


def test_archiving_moves_a_conversation_out_of_the_inbox_until_a_new_message(client, alex, fran):
    convo = conversation(alex, fran)
    client.force_login(fran)
    response = client.post(reverse("profiles:archive", args=[convo.pk]), follow=True)
    assert "has been archived" in response.content.decode()
    assert listed(client, "profiles:inbox") == []
    assert listed(client, "profiles:archived") == ["Adoption panel paperwork"]
    # Alex's side is untouched.
    assert not Participant.objects.get(conversation=convo, user=alex).archived

    services.message_send(sender=alex, conversation=convo, body="One more thing")
    assert listed(client, "profiles:inbox") == ["Adoption panel paperwork"]


def test_a_conversation_can_be_moved_back_from_the_archive(client, alex, fran):
    convo = conversation(alex, fran)
    client.force_login(alex)
    client.post(reverse("profiles:archive", args=[convo.pk]))
    client.post(reverse("profiles:unarchive", args=[convo.pk]))
    assert listed(client, "profiles:inbox") == ["Adoption panel paperwork"]
    assert listed(client, "profiles:archived") == []


def test_the_recipient_gets_an_email_with_the_message_and_a_link(
    client, alex, fran, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_new(client, alex, fran, subject="Panel paperwork", body="Could you share it?")
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [fran.email]
    assert email.subject == "Alex Member sent you a message: Panel paperwork"
    assert "Could you share it?" in email.body
    convo = Conversation.objects.get()
    assert f"http://127.0.0.1:8000{convo.get_absolute_url()}" in email.body
    assert alex.email not in email.body + email.alternatives[0][0]
    assert "http://127.0.0.1:8000/alerts/" in email.body  # where to turn these emails off


def test_one_email_per_conversation_until_the_recipient_reads_it(
    client, alex, fran, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        convo = conversation(alex, fran)
        services.message_send(sender=alex, conversation=convo, body="Also...")
        services.message_send(sender=alex, conversation=convo, body="And...")
    assert len(mail.outbox) == 1
    client.force_login(fran)
    client.get(convo.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        services.message_send(sender=alex, conversation=convo, body="After you read it")
    assert len(mail.outbox) == 2


def test_no_email_when_the_recipient_turned_message_emails_off(
    client, alex, fran, django_capture_on_commit_callbacks
):
    client.force_login(fran)
    # The choice lives on My alerts (the alerts app folds it in; the profile keeps the value).
    response = client.post(
        reverse("alerts:mine"), {"action": "messages", "messages-message_email": MessageEmail.OFF}
    )
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        send_new(client, alex, fran)
    assert Message.objects.count() == 1
    assert mail.outbox == []


def test_no_email_while_all_email_alerts_are_paused_on_my_alerts(
    client, alex, fran, django_capture_on_commit_callbacks
):
    from alerts.services import preferences_update

    preferences_update(user=fran, default_frequency="daily", paused=True)
    with django_capture_on_commit_callbacks(execute=True):
        send_new(client, alex, fran)
    assert Message.objects.count() == 1
    assert mail.outbox == []


def test_archiving_an_unread_conversation_clears_it_from_the_unread_count(client, alex, fran):
    convo = conversation(alex, fran)
    client.force_login(fran)
    assert nav_unread(client) == 1
    client.post(reverse("profiles:archive", args=[convo.pk]))
    assert nav_unread(client) == 0


def test_sending_is_rate_limited_with_a_clear_message_and_the_text_kept(
    client, alex, fran, settings
):
    settings.PROFILES_MESSAGE_RATE_LIMIT = (3, 600)
    convo = conversation(alex, fran)  # 1
    services.message_send(sender=alex, conversation=convo, body="two")  # 2
    services.message_send(sender=alex, conversation=convo, body="three")  # 3
    client.force_login(alex)
    response = client.post(convo.get_absolute_url(), {"body": "A fourth, carefully written"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "You have sent 3 messages in the last 10 minutes" in page
    assert "A fourth, carefully written</textarea>" in page
    assert Message.objects.count() == 3
    # Someone else is not affected by Alex's limit.
    services.message_send(sender=fran, conversation=convo, body="fine")


def test_a_blocked_member_cannot_message_the_person_who_blocked_them(client, alex, fran):
    convo = conversation(alex, fran)
    services.block(blocker=fran, blocked=alex)
    client.force_login(alex)
    # A new conversation: Fran's profile (and so her compose page) no longer exists for Alex.
    assert client.get(reverse("profiles:compose", args=[fran.username])).status_code == 404
    # The old conversation can still be read, but not replied to.
    page = client.get(convo.get_absolute_url()).content.decode()
    assert "one of you has blocked the other" in page
    response = client.post(convo.get_absolute_url(), {"body": "Why?"})
    assert "You cannot send messages to this member." in response.content.decode()
    assert Message.objects.count() == 1


def test_the_blocker_is_told_to_unblock_before_writing(client, alex, fran):
    services.block(blocker=alex, blocked=fran)
    client.force_login(alex)
    response = client.get(reverse("profiles:compose", args=[fran.username]))
    assert response.status_code == 403
    assert "You have blocked Fran Facilitator. Unblock them to send a message." in (
        response.content.decode()
    )


def test_messages_from_a_deleted_account_show_as_former_member(client, alex, fran):
    convo = conversation(alex, fran, body="Thanks for everything")
    services.account_delete(user=alex)
    client.force_login(fran)
    page = client.get(convo.get_absolute_url()).content.decode()
    assert "Thanks for everything" in page
    assert "Former member" in page
    assert "Alex Member" not in page
    assert "account is closed, so you cannot reply" in page


def test_no_one_can_message_themselves(client, alex):
    client.force_login(alex)
    assert client.get(reverse("profiles:compose", args=[alex.username])).status_code == 403


def test_my_home_shows_unread_conversations(client, alex, fran):
    conversation(alex, fran, subject="Panel paperwork")
    client.force_login(fran)
    page = client.get("/").content.decode()
    assert "People and messages" in page
    assert "Panel paperwork</a>: 1 new message from Alex Member." in page


def test_my_home_lists_the_three_latest_unread_conversations_in_a_stable_order(client, fran):
    """Conversations whose last messages share a timestamp (they arrived in the same instant, or
    a clock coarser than a microsecond) still come in one order: the newest conversation first."""
    senders = [person(f"Sender {n}") for n in range(4)]
    convos = [
        conversation(sender, fran, subject=f"Subject {n}") for n, sender in enumerate(senders)
    ]
    same_instant = Participant.objects.filter(user=fran).order_by("pk").first().last_message_at
    Participant.objects.filter(user=fran).update(last_message_at=same_instant)
    client.force_login(fran)
    shown = [entry.conversation.subject for entry in home.people_and_messages(fran)["unread"]]
    assert shown == ["Subject 3", "Subject 2", "Subject 1"]
    page = client.get("/").content.decode()
    assert page.index("Subject 3</a>") < page.index("Subject 2</a>") < page.index("Subject 1</a>")
    assert "Subject 0</a>" not in page
    assert len(convos) == 4


def test_my_home_reads_the_unread_conversations_only_when_one_waits(
    fran, alex, django_assert_num_queries
):
    with django_assert_num_queries(1):
        assert home.people_and_messages(fran)["unread"] == []
    conversation(alex, fran, subject="Panel paperwork")
    with django_assert_num_queries(2):
        shown = home.people_and_messages(fran)["unread"]
    assert [entry.conversation.subject for entry in shown] == ["Panel paperwork"]
    Participant.objects.filter(user=fran).update(archived=True)
    with django_assert_num_queries(1):
        assert home.people_and_messages(fran)["unread"] == []

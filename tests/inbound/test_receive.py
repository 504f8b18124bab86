"""Replies by email: what is posted, what is refused (with one email back), what is ignored."""

from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.contrib.contenttypes.models import ContentType
from django.core import mail

from activity.models import Activity, Verb
from alerts.replyto import _b36, make_token, read_token
from comments.models import Comment
from communities.models import Community, Membership
from forums.models import Post
from forums.services import topic_remove, topic_set_locked
from inbound.models import InboundMessage
from inbound.services import process
from richtext.models import Attachment
from tests.accounts.factories import UserFactory
from tests.blogs.factories import entry
from tests.communities.factories import CommunityFactory, member_of
from tests.documents.factories import document, pdf, png
from tests.forums.factories import topic as make_topic
from tests.inbound.conftest import DOMAIN
from tests.inbound.mail import QUOTED, reply, reply_address

pytestmark = pytest.mark.django_db

Status = InboundMessage.Status


@pytest.fixture
def thread():
    community = CommunityFactory(name="Harbour Pilots")
    starter = member_of(community)
    topic = make_topic(community, starter, title="Tide tables")
    member = member_of(community, UserFactory(email="mei@example.org"))
    return community, topic, member


def replies_in(topic):
    return list(Post.objects.filter(topic=topic, is_opening=False))


def test_a_reply_is_posted_in_the_thread_as_the_member(thread, deliver):
    community, topic, member = thread
    raw = reply(to=reply_address(member, topic), sender="Mei Chen <MEI@example.org>",
                text=QUOTED.format(text="Use the new tables.\n\nThey start in May."))  # fmt: skip

    row, sent = deliver(raw)

    assert row.status == Status.POSTED and sent == []
    [post] = replies_in(topic)
    assert post.author == member
    assert post.body == "<p>Use the new tables.</p><p>They start in May.</p>"
    assert "Jane Doe" not in post.body and "old words" not in post.body
    assert row.posted_url == post.get_absolute_url()
    # Through the same service: counted, and in the stream like any reply.
    topic.refresh_from_db()
    assert topic.reply_count == 1
    assert Activity.objects.filter(verb=Verb.REPLY_POSTED, actor=member).exists()


def test_the_body_goes_through_the_sanitiser(thread, deliver):
    _, topic, member = thread
    html = '<p>Hi <script>alert(1)</script><a href="javascript:x()">link</a></p>'
    raw = reply(to=reply_address(member, topic), sender=member.email, text="", html=html)
    raw = raw.replace(b"Content-Type: text/plain", b"Content-Type: text/x-ignored")
    row, _ = deliver(raw)
    assert row.status == Status.POSTED
    [post] = replies_in(topic)
    assert "<script" not in post.body and "javascript:" not in post.body
    assert "Hi" in post.body


def test_plain_text_that_looks_like_html_is_shown_as_text(thread, deliver):
    _, topic, member = thread
    raw = reply(to=reply_address(member, topic), sender=member.email,
                text="Use <b>bold</b> & <script>x</script>")  # fmt: skip
    deliver(raw)
    [post] = replies_in(topic)
    assert "&lt;b&gt;bold&lt;/b&gt;" in post.body and "<script" not in post.body


@pytest.mark.parametrize(
    "text",
    [
        "My answer.\n\n________________________________\nFrom: CoP <noreply@cop.example>\n"
        "Sent: Monday, December 1, 2026 10:00 AM\nTo: Mei <mei@example.org>\n"
        "Subject: Tide tables\n\nPrivate words\n",
        "My answer.\n\nLe lun. 1 déc. 2026 à 10:00, CoP <noreply@cop.example> a écrit :\n"
        "> Private words\n",
        "My answer.\n\nAm Mo., 1. Dez. 2026 um 10:00 Uhr schrieb CoP <noreply@cop.example>:\n"
        "Private words\n",
    ],
    ids=["outlook", "french", "german"],
)
def test_quotes_of_common_mail_clients_are_taken_out(thread, deliver, text):
    _, topic, member = thread
    row, _ = deliver(reply(to=reply_address(member, topic), sender=member.email, text=text))
    assert row.status == Status.POSTED
    [post] = replies_in(topic)
    assert post.body == "<p>My answer.</p>"


def test_an_html_only_reply_drops_the_quoted_message(thread, deliver):
    _, topic, member = thread
    html = (
        "<div>My answer</div><div class='gmail_quote'><blockquote>Private words</blockquote></div>"
    )
    message = reply(to=reply_address(member, topic), sender=member.email, text="x", html=html)
    # Keep only the HTML alternative.
    from email import message_from_bytes, policy

    parsed = message_from_bytes(message, policy=policy.default)
    parsed.get_body(("plain",)).set_content("")
    parsed.get_body(("plain",)).replace_header("Content-Type", "text/calendar")
    row, _ = deliver(parsed.as_bytes())
    assert row.status == Status.POSTED
    [post] = replies_in(topic)
    assert "My answer" in post.body and "Private words" not in post.body


def test_attachments_follow_the_upload_rules(thread, deliver):
    _, topic, member = thread
    raw = reply(to=reply_address(member, topic), sender=member.email,
                files=[("notes.pdf", "application/pdf", pdf().read())])  # fmt: skip
    row, _ = deliver(raw)
    assert row.status == Status.POSTED
    [post] = replies_in(topic)
    [attachment] = Attachment.objects.filter(owner_id=post.pk)
    assert attachment.name == "notes.pdf"


@pytest.mark.parametrize(
    ("name", "content_type", "payload"),
    [
        ("run.exe", "application/octet-stream", b"MZ..."),
        ("photo.png", "image/png", b"<html>not a picture</html>"),
    ],
)
def test_attachments_that_break_the_rules_refuse_the_whole_reply(
    thread, deliver, name, content_type, payload
):
    _, topic, member = thread
    raw = reply(to=reply_address(member, topic), sender=member.email,
                files=[(name, content_type, payload)])  # fmt: skip
    row, [answer] = deliver(raw)
    assert (row.status, row.reason) == (Status.REFUSED, "attachments")
    assert replies_in(topic) == []
    assert answer.to == [member.email] and "not posted" in answer.body


def test_an_oversized_attachment_is_refused(thread, deliver, settings):
    settings.UPLOADS = {**settings.UPLOADS, "MAX_BYTES": 1000}
    _, topic, member = thread
    raw = reply(to=reply_address(member, topic), sender=member.email,
                files=[("big.pdf", "application/pdf", pdf().read() + b"0" * 2000)])  # fmt: skip
    row, [answer] = deliver(raw)
    assert row.reason == "attachments" and replies_in(topic) == []


def test_a_reply_to_a_blog_entry_alert_becomes_a_comment(deliver):
    community = CommunityFactory()
    author, reader = member_of(community), member_of(community)
    blog_entry = entry(author, communities=[community])
    row, sent = deliver(reply(to=reply_address(reader, blog_entry), sender=reader.email,
                              text="Lovely piece."))  # fmt: skip
    assert row.status == Status.POSTED and sent == []
    [comment] = Comment.objects.on(blog_entry)
    assert comment.author == reader and "Lovely piece." in comment.body


def test_a_reply_to_a_document_alert_becomes_a_comment(deliver):
    community = CommunityFactory()
    author, reader = member_of(community), member_of(community)
    doc = document(community, author)
    row, _ = deliver(reply(to=reply_address(reader, doc), sender=reader.email, text="Useful."))
    assert row.status == Status.POSTED
    assert Comment.objects.on(doc).get().author == reader


def test_comments_take_no_attachments(deliver):
    community = CommunityFactory()
    author, reader = member_of(community), member_of(community)
    doc = document(community, author)
    raw = reply(to=reply_address(reader, doc), sender=reader.email,
                files=[("team.png", "image/png", png().read())])  # fmt: skip
    row, [answer] = deliver(raw)
    assert row.reason == "no_attachments" and not Comment.objects.on(doc).exists()


def test_a_redelivered_message_is_posted_once(thread, deliver):
    _, topic, member = thread
    raw = reply(to=reply_address(member, topic), sender=member.email, message_id="<same@x.org>")
    first, _ = deliver(raw)
    again, sent = deliver(raw)
    assert first.pk == again.pk and sent == []
    assert len(replies_in(topic)) == 1
    assert InboundMessage.objects.count() == 1


def test_processing_twice_does_nothing_the_second_time(thread, deliver):
    _, topic, member = thread
    row, _ = deliver(reply(to=reply_address(member, topic), sender=member.email))
    process(row.pk)
    assert len(replies_in(topic)) == 1


def test_a_failure_while_processing_keeps_the_message(thread, deliver):
    _, topic, member = thread
    raw = reply(to=reply_address(member, topic), sender=member.email)
    with mock.patch("inbound.posting.reply_create", side_effect=RuntimeError("disk full")):
        row, sent = deliver(raw)
    assert row.status == Status.FAILED and "disk full" in row.last_error
    assert bytes(row.raw) == raw and sent == [] and replies_in(topic) == []
    # Run again once the cause is fixed.
    InboundMessage.objects.filter(pk=row.pk).update(status=Status.RECEIVED)
    assert process(row.pk).status == Status.POSTED
    assert len(replies_in(topic)) == 1


# --- refusals: one email back, nothing posted --------------------------------------------------
def refused(deliver, raw, reason, to):
    row, sent = deliver(raw)
    assert (row.status, row.reason) == (Status.REFUSED, reason)
    [answer] = sent
    assert answer.to == [to]
    assert answer.subject == "Your email reply was not posted"
    assert answer.extra_headers["Auto-Submitted"] == "auto-replied"
    # Sent once: the same message delivered again, or processed again, sends nothing more.
    again, more = deliver(raw)
    assert again.pk == row.pk and more == []
    before = len(mail.outbox)
    assert process(row.pk).status == Status.REFUSED
    assert len(mail.outbox) == before
    return row, answer


def test_an_unknown_address_is_refused_without_naming_anything(thread, deliver):
    _, topic, member = thread
    raw = reply(to=f"reply+1-2-3-4-{'a' * 24}@{DOMAIN}", sender=member.email)
    _, answer = refused(deliver, raw, "unknown_address", member.email)
    assert "Harbour Pilots" not in answer.body and "Tide tables" not in answer.body
    assert replies_in(topic) == []


def test_an_address_moved_to_another_person_or_item_is_refused(thread, deliver):
    community, topic, member = thread
    other_topic = make_topic(community, topic.author, title="Another")
    token = reply_address(member, topic).split("+", 1)[1].split("@")[0]
    user_id, type_id, object_id, day, signature = token.split("-")
    stranger = UserFactory(email="stranger@example.org")
    for changed in (
        f"{_b36(stranger.pk)}-{type_id}-{object_id}-{day}-{signature}",  # another person
        f"{user_id}-{type_id}-{_b36(other_topic.pk)}-{day}-{signature}",  # another item
        f"{user_id}-{type_id}-{object_id}-{day}-{'a' * 24}",  # a made-up signature
    ):
        raw = reply(to=f"reply+{changed}@{DOMAIN}", sender=member.email)
        row, [answer] = deliver(raw)
        assert (row.status, row.reason) == (Status.REFUSED, "unknown_address")
    assert replies_in(topic) == [] and replies_in(other_topic) == []


def test_an_expired_address_is_refused(thread, deliver, settings):
    _, topic, member = thread
    ct = ContentType.objects.get_for_model(topic).pk
    from alerts import replyto

    old = make_token(user_id=member.pk, content_type_id=ct, object_id=topic.pk,
                     issued_day=replyto._today() - settings.REPLY_ADDRESS_DAYS - 1)  # fmt: skip
    refused(deliver, reply(to=f"reply+{old}@{DOMAIN}", sender=member.email),
            "expired_address", member.email)  # fmt: skip
    assert replies_in(topic) == []


def test_a_sender_other_than_the_member_is_refused(thread, deliver):
    _, topic, member = thread
    raw = reply(to=reply_address(member, topic), sender="someone@else.example")
    _, answer = refused(deliver, raw, "not_your_address", "someone@else.example")
    assert "Tide tables" not in answer.body and "Harbour" not in answer.body
    assert replies_in(topic) == []


def test_an_unverified_address_of_the_member_is_refused(thread, deliver):
    _, topic, member = thread
    EmailAddress.objects.create(user=member, email="mei@home.example", verified=False)
    raw = reply(to=reply_address(member, topic), sender="mei@home.example")
    refused(deliver, raw, "not_your_address", "mei@home.example")


def test_another_verified_address_of_the_member_may_reply(thread, deliver):
    _, topic, member = thread
    EmailAddress.objects.create(user=member, email="mei@home.example", verified=True)
    row, _ = deliver(reply(to=reply_address(member, topic), sender="mei@home.example"))
    assert row.status == Status.POSTED


def test_a_member_who_left_may_no_longer_post(deliver, canaries):
    private = CommunityFactory(private=True, name="Secret Harbour")
    starter = member_of(private)
    title = canaries.plant(visible_to=lambda u: u is not None and u.pk == starter.pk,
                           description="private topic title")  # fmt: skip
    topic = make_topic(private, starter, title=f"Plans {title}")
    leaver = member_of(private)
    address = reply_address(leaver, topic)
    Membership.objects.filter(user=leaver).delete()
    _, answer = refused(deliver, reply(to=address, sender=leaver.email), "cannot_post",
                        leaver.email)  # fmt: skip
    assert "Secret Harbour" not in answer.body and "Secret Harbour" not in answer.subject
    assert replies_in(topic) == []


def test_a_member_of_a_public_community_who_left_is_told_why(thread, deliver):
    community, topic, member = thread
    address = reply_address(member, topic)
    Membership.objects.filter(user=member, community=community).delete()
    row, answer = refused(deliver, reply(to=address, sender=member.email), "refused",
                          member.email)  # fmt: skip
    assert "members" in answer.body.lower()
    assert replies_in(topic) == []


def test_a_deleted_topic_takes_no_replies(thread, deliver):
    community, topic, member = thread
    address = reply_address(member, topic)
    topic_remove(topic=topic, by=topic.author)
    row, _ = deliver(reply(to=address, sender=member.email))
    assert row.status == Status.REFUSED and replies_in(topic) == []


def test_a_locked_topic_takes_no_replies(thread, deliver):
    community, topic, member = thread
    facilitator = member_of(community, facilitator=True)
    topic_set_locked(topic=topic, by=facilitator, locked=True)
    row, answer = refused(deliver, reply(to=reply_address(member, topic), sender=member.email),
                          "refused", member.email)  # fmt: skip
    assert "locked" in answer.body


def test_the_forum_switched_off_takes_no_replies(thread, deliver):
    community, topic, member = thread
    address = reply_address(member, topic)
    Community.objects.filter(pk=community.pk).update(
        features=[f for f in community.enabled_features if f != "forum"]
    )
    refused(deliver, reply(to=address, sender=member.email), "cannot_post", member.email)


def test_a_closed_down_community_takes_no_replies(thread, deliver):
    community, topic, member = thread
    address = reply_address(member, topic)
    Community.objects.filter(pk=community.pk).update(stage=Community.Stage.CLOSEDOWN)
    refused(deliver, reply(to=address, sender=member.email), "closed_down", member.email)
    assert replies_in(topic) == []


def test_a_suspended_member_may_not_post(thread, deliver):
    _, topic, member = thread
    address = reply_address(member, topic)
    type(member).objects.filter(pk=member.pk).update(is_active=False)
    refused(deliver, reply(to=address, sender=member.email), "cannot_post", member.email)


def test_too_large_is_refused_and_only_the_headers_kept(thread, deliver, settings):
    settings.INBOUND_MAX_BYTES = 5000
    _, topic, member = thread
    raw = reply(to=reply_address(member, topic), sender=member.email, text="x" * 10000)
    row, _ = refused(deliver, raw, "too_large", member.email)
    assert row.size == len(raw) and len(bytes(row.raw)) < 2000
    assert replies_in(topic) == []


def test_malformed_mime_is_refused(thread, deliver):
    _, topic, member = thread
    raw = (
        f"From: {member.email}\r\nTo: {reply_address(member, topic)}\r\n"
        "Message-ID: <broken@x.org>\r\nMIME-Version: 1.0\r\n"
        "Content-Type: multipart/mixed\r\n\r\n--nothing\r\nhello\r\n"
    ).encode()
    refused(deliver, raw, "bad_mime", member.email)
    assert replies_in(topic) == []


def test_an_unknown_charset_is_refused(thread, deliver):
    _, topic, member = thread
    raw = (
        f"From: {member.email}\r\nTo: {reply_address(member, topic)}\r\n"
        "Content-Type: text/plain; charset=x-no-such-charset\r\n\r\nhello\r\n"
    ).encode()
    refused(deliver, raw, "bad_mime", member.email)


def test_a_reply_with_nothing_new_is_refused(thread, deliver):
    _, topic, member = thread
    raw = reply(to=reply_address(member, topic), sender=member.email,
                text="> only the quoted alert\n> and nothing else\n")  # fmt: skip
    refused(deliver, raw, "empty", member.email)


def test_crlf_in_headers_cannot_add_recipients_to_the_answer(thread, deliver):
    _, topic, member = thread
    address = reply_address(member, topic)
    raw = (
        f"From: someone@else.example\r\n\tBcc: victim@example.org\r\nTo: {address}\r\n"
        "Subject: hi\r\n Bcc: other@example.org\r\nMessage-ID: <crlf@x.org>\r\n\r\nhello\r\n"
    ).encode()
    row, [answer] = deliver(raw)
    assert row.status == Status.REFUSED and replies_in(topic) == []
    assert answer.to == ["someone@else.example"] and not answer.bcc and not answer.cc
    assert "victim" not in str(answer.message()) and "other@" not in str(answer.message())


def test_no_answer_when_there_is_nobody_to_answer(thread, deliver):
    _, topic, member = thread
    raw = reply(to=f"reply+nonsense@{DOMAIN}", sender="not an address")
    row, sent = deliver(raw)
    assert row.status == Status.REFUSED and sent == []


# --- machines get no answer ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "headers",
    [
        {"Auto-Submitted": "auto-replied"},
        {"Auto-Submitted": "auto-generated"},
        {"Precedence": "bulk"},
        {"Precedence": "junk"},
        {"Precedence": "list"},
        {"X-Autoreply": "yes"},
        {"X-Autorespond": "Out of office"},
        {"X-Auto-Response-Suppress": "OOF, AutoReply"},
        {"Return-Path": "<>"},
        {"List-Id": "<pilots.lists.example.org>"},
    ],
)
def test_auto_replies_are_ignored_without_an_answer(thread, deliver, headers):
    _, topic, member = thread
    raw = reply(to=reply_address(member, topic), sender=member.email,
                text="I am out of the office.", headers=headers)  # fmt: skip
    row, sent = deliver(raw)
    assert (row.status, row.reason) == (Status.IGNORED, "automatic")
    assert sent == [] and replies_in(topic) == []


def test_bounces_are_ignored_without_an_answer(thread, deliver):
    _, topic, member = thread
    address = reply_address(member, topic)
    for sender in ("MAILER-DAEMON@mx.example.org", "postmaster@mx.example.org"):
        row, sent = deliver(reply(to=address, sender=sender, text="Undeliverable"))
        assert row.status == Status.IGNORED and sent == []
    report = (
        f"From: mx@example.org\r\nTo: {address}\r\nMessage-ID: <dsn@x.org>\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b"\r\n\r\n'
        "--b\r\nContent-Type: text/plain\r\n\r\nFailed\r\n--b--\r\n"
    ).encode()
    row, sent = deliver(report)
    assert row.status == Status.IGNORED and sent == []
    row, sent = deliver(reply(to=address, sender=member.email, message_id="<null@x.org>"),
                        recipients=[address], envelope_sender="")  # fmt: skip
    assert row.status == Status.IGNORED and sent == [] and replies_in(topic) == []


def test_an_unknown_address_that_is_a_bounce_gets_no_answer(deliver):
    raw = reply(
        to=f"reply+bad@{DOMAIN}", sender="x@example.org", headers={"Auto-Submitted": "auto-replied"}
    )
    row, sent = deliver(raw)
    assert row.status == Status.IGNORED and sent == []


def test_mail_for_other_addresses_is_ignored(deliver):
    row, sent = deliver(reply(to="someone@elsewhere.example", sender="x@example.org"))
    assert (row.status, row.reason) == (Status.IGNORED, "not_a_reply_address") and sent == []


def test_nothing_is_taken_while_replies_by_email_are_off(thread, deliver, settings):
    _, topic, member = thread
    address = reply_address(member, topic)
    settings.REPLY_DOMAIN = ""
    row, sent = deliver(reply(to=address, sender=member.email))
    assert row.status == Status.IGNORED and sent == [] and replies_in(topic) == []


def test_the_posted_reply_alerts_followers_like_any_other(thread, deliver):
    from alerts.models import Frequency
    from alerts.services import subscribe

    _, topic, member = thread
    subscribe(user=topic.author, target=topic, frequency=Frequency.IMMEDIATE)
    row, sent = deliver(reply(to=reply_address(member, topic), sender=member.email))
    assert row.status == Status.POSTED
    assert [m.to for m in sent] == [[topic.author.email]]
    assert "Tide tables" in sent[0].subject


def test_tokens_round_trip(thread):
    _, topic, member = thread
    token = reply_address(member, topic).split("+", 1)[1].split("@")[0]
    target = read_token(token.upper())  # some servers change the case
    assert (target.user_id, target.object_id) == (member.pk, topic.pk)


def test_the_command_processes_what_is_still_waiting(thread, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    from inbound.services import receive

    _, topic, member = thread
    with mock.patch("core.handoff.hand_off"):  # the worker is away: nothing is processed
        with django_capture_on_commit_callbacks(execute=True):
            [row] = receive(reply(to=reply_address(member, topic), sender=member.email))
    assert InboundMessage.objects.get(pk=row.pk).status == Status.RECEIVED
    call_command("receive_mail", "--process-pending")
    assert InboundMessage.objects.get(pk=row.pk).status == Status.POSTED
    assert len(replies_in(topic)) == 1


def test_private_content_never_reaches_anyone_who_cannot_see_it(deliver, canaries):
    """A forwarded alert used by an outsider, and a reply posted into a private topic: the
    refusal and the alerts that follow reach only people who may see the topic."""
    from alerts.models import Frequency
    from alerts.services import subscribe

    private = CommunityFactory(private=True, name="Closed Circle")
    starter, member = member_of(private), member_of(private)
    members = {starter.pk, member.pk}
    secret = canaries.plant(visible_to=lambda u: u is not None and u.pk in members,
                            description="private topic")  # fmt: skip
    topic = make_topic(private, starter, title=f"Budget {secret}")
    leaver = member_of(private)
    subscribe(user=leaver, target=topic, frequency=Frequency.IMMEDIATE)
    subscribe(user=starter, target=topic, frequency=Frequency.IMMEDIATE)
    Membership.objects.filter(user=leaver).delete()
    outsider = UserFactory(email="outsider@example.org")
    address = reply_address(member, topic)

    row, [answer] = deliver(reply(to=address, sender=outsider.email, text=f"Me too {secret}"))
    assert row.reason == "not_your_address" and answer.to == [outsider.email]
    row, sent = deliver(reply(to=address, sender=member.email, text=f"Agreed {secret}"))
    assert row.status == Status.POSTED
    assert [m.to for m in sent] == [[starter.email]]  # not the member who left


def test_one_sender_gets_at_most_a_few_refusals_an_hour(thread, deliver):
    from inbound.services import REFUSALS_PER_HOUR

    answers = []
    for n in range(REFUSALS_PER_HOUR + 2):
        raw = reply(to=f"reply+{n}-1-1-1-{'a' * 24}@{DOMAIN}", sender="forged@example.org")
        row, sent = deliver(raw)
        assert row.reason == "unknown_address"
        answers.extend(sent)
    assert len(answers) == REFUSALS_PER_HOUR


def test_addresses_survive_a_rotated_secret_key(thread, settings):
    _, topic, member = thread
    address = reply_address(member, topic)
    token = address.split("+", 1)[1].split("@")[0]
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-" + "x" * 40
    assert read_token(token).object_id == topic.pk
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(ValueError):
        read_token(token)


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"\x00\xff\xfe garbage",
        b"no headers at all, just words\r\n",
        f"From: \xff\xfe@x\r\nTo: reply+x@{DOMAIN}\r\n\r\nhi".encode("latin-1"),
        f"To: reply+1-1-1-1-{'a' * 24}@{DOMAIN}\r\nFrom: <<<>>>\r\n\r\nhi".encode(),
        f"To: reply+x@{DOMAIN}\r\nContent-Type: multipart/mixed; boundary=\r\n\r\n--\r\n".encode(),
    ],
    ids=["empty", "binary", "no-headers", "bad-from-bytes", "bad-from", "empty-boundary"],
)
def test_nonsense_is_stored_and_answered_at_most_once_never_posted(deliver, raw):
    row, sent = deliver(raw)
    assert row.status in (Status.IGNORED, Status.REFUSED)
    assert bytes(row.raw) == raw and len(sent) <= 1
    assert not Post.objects.filter(is_opening=False).exists()

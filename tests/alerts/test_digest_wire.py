"""The bytes a digest writer hands to an SMTP server are the message Django would have sent:
the same headers, parts and bodies (only the boundary and the Date's second differ), and any
message the writer cannot put together that way is left to Django whole."""

import email
import email.policy
import re

import pytest
from django.core.mail.backends.smtp import EmailBackend
from django.core.mail.message import sanitize_address

from activity.models import Activity
from alerts import digests
from alerts.digests import DigestWriter, latest_period
from tests.accounts.factories import UserFactory
from tests.activity.factories import log, yesterday
from tests.alerts.conftest import html_of
from tests.alerts.factories import follower
from tests.communities.factories import CommunityFactory

pytestmark = pytest.mark.django_db

DATE = re.compile(rb"^Date: [^\r]*\r\n", re.MULTILINE)


def written(community_name, reader, titles):
    community = CommunityFactory(name=community_name)
    follower(community, user=reader)
    for n, title in enumerate(titles):
        log(community=community, title=title, created=yesterday(9 + n))
    start, end = latest_period("daily")
    rows = list(
        Activity.objects.filter(community=community)
        .select_related("actor", "community")
        .order_by("created")
    )
    writer = DigestWriter("daily", start, end)
    return writer, writer.message(reader, rows, EmailBackend())


def as_django_sends_it(message, boundary):
    """Django's bytes for the message, with our boundary and without the Date line."""
    data = message.message().as_bytes(linesep="\r\n")
    theirs = re.search(rb'boundary="([^"]+)"', data).group(1)
    return DATE.sub(b"", data.replace(theirs, boundary.encode()))


@pytest.mark.parametrize(
    ("community_name", "name", "titles"),
    [
        ("Adoption Policy CoP", "Priya Shah", ["Budget templates", "Shared services"]),
        # Non-ASCII words: an encoded subject, 8bit parts.
        ("Café Society – Zürich", "Zoë Ørsted", ["Naïve estimates…", "“Quoted” titles"]),
        # Words that need escaping in HTML; a name long enough to fold the subject.
        ("Tea & <Biscuits>", 'Ann "A&B" <O\'Neil>', ["Scones & jam " * 10]),
    ],
)
def test_the_bytes_are_the_message_django_would_send(community_name, name, titles):
    reader = UserFactory(name=name)
    writer, message = written(community_name, reader, titles)

    assert message.wire is not None
    assert message.envelope == (
        sanitize_address(message.from_email, "utf-8"),
        [sanitize_address(reader.email, "utf-8")],
    )
    boundary = writer.wire_parts["boundary"]
    assert DATE.sub(b"", message.wire) == as_django_sends_it(message, boundary)
    assert len(DATE.findall(message.wire)) == 1

    ours = email.message_from_bytes(message.wire, policy=email.policy.default)
    django = email.message_from_bytes(
        message.message().as_bytes(linesep="\r\n"), policy=email.policy.default
    )
    same = [name for name in django.keys() if name not in ("Content-Type", "Date")]
    assert [(n, str(ours[n])) for n in same] == [(n, str(django[n])) for n in same]
    assert ours.get_content_type() == "multipart/alternative"
    assert [(p.get_content_type(), p.get_content()) for p in ours.iter_parts()] == [
        (p.get_content_type(), p.get_content()) for p in django.iter_parts()
    ]
    crlf = "\r\n"
    assert ours.get_body(("plain",)).get_content().replace(crlf, "\n") == message.body
    assert ours.get_body(("html",)).get_content().replace(crlf, "\n") == html_of(message)


def test_a_message_the_writer_cannot_put_together_is_left_to_django():
    """An address that needs encoding gets no bytes of ours; nor does a text with a line too
    long for 8bit, a break other than a newline, or the boundary inside it."""
    reader = UserFactory(email="zoë@exämple.org")
    writer, message = written("Open CoP", reader, ["A topic"])
    assert message.wire is None and message.envelope is None
    message.message().as_bytes()  # Django still writes it

    args = ("Subject", "ann@example.org", message.extra_headers)
    boundary = writer.wire_parts["boundary"]
    assert writer.wire(*args, "fine\n", "<p>fine</p>\n") is not None
    for text in ("x" * 999 + "\n", "one\rtwo\n", "one\u2028two\n", f"--{boundary}\n"):
        assert writer.wire(*args, text, "<p>fine</p>\n") is None
        assert writer.wire(*args, "fine\n", text) is None


@pytest.mark.parametrize("length", [*range(50, 70), 200, 997, 1200])
def test_one_word_headers_are_folded_as_django_folds_them(length):
    for name in ("To", "List-Unsubscribe", "Message-ID"):
        value = "<" + "a" * length + ">"
        ours = digests._token_header(name, value)
        if ours is not None:
            assert ours == digests._header_bytes(name, value)
    assert digests._token_header("To", "zoë@example.org") is None
    assert digests._token_header("To", "two words@example.org") is None


@pytest.mark.parametrize(
    "address",
    [
        "ann@example.org",
        "Ann.O'Neil+digests@Example.ORG",
        "zoë@example.org",
        "ann@exämple.org",
        '"ann smith"@example.org',
        "ann@[127.0.0.1]",
    ],
)
def test_the_envelope_address_is_the_one_django_would_give(address):
    assert digests._envelope_address(address) == sanitize_address(address, "utf-8")

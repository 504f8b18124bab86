"""Building the emails members (and machines) send back."""

from email.message import EmailMessage
from email.utils import make_msgid

from django.contrib.contenttypes.models import ContentType

from alerts.replyto import address_for


def reply_address(user, item):
    return address_for(
        user_id=user.pk,
        content_type_id=ContentType.objects.get_for_model(item).pk,
        object_id=item.pk,
    )


def reply(
    *,
    to,
    sender,
    text="Thanks, this is my answer.",
    html=None,
    headers=None,
    files=(),
    message_id=None,
):
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = "Re: an alert"
    message["Message-ID"] = message_id or make_msgid(domain="mail.example.org")
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(text)
    if html:
        message.add_alternative(html, subtype="html")
    for name, content_type, payload in files:
        maintype, subtype = content_type.split("/")
        message.add_attachment(payload, maintype=maintype, subtype=subtype, filename=name)
    return message.as_bytes()


QUOTED = """{text}

--
Jane Doe
Knowledge lead, Acme

On Mon, 1 Dec 2026 at 10:00, Communities of Practice <noreply@cop.example> wrote:
> Mei Chen replied to Online tools we use and love.
> "The old words"
"""

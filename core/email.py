"""Sending email: every message is an HTML + plain-text pair rendered from templates.

The subject (`<name>.subject.txt`) and text body (`<name>.txt`) are plain text, so they are
rendered with autoescaping off (`render_text`): a community called "Tea & <biscuits>" reads as
that, not as "Tea &amp; &lt;biscuits&gt;". Only the HTML part (`<name>.html`) is escaped. No
part keeps control characters, and the subject becomes one line, so nothing in it can start a
new header.

Emails are recorded in the surrounding transaction (core/handoff.py) and queued on the `email`
Celery queue once it commits, so a rolled-back action never sends mail, a committed one never
loses its mail to a broker outage, and a slow SMTP server never slows a page. Inside
`core.quiet.quiet()` (loading the demo data) nothing is queued.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string

from . import handoff
from .quiet import is_quiet
from .text import strip_control_chars


def render_text(template_name, context):
    """A plain-text template rendered without HTML escaping (and without control characters)."""
    template = get_template(template_name).template
    return strip_control_chars(template.render(Context(context, autoescape=False)))


def render_email(template, context):
    context = {"SITE_NAME": settings.SITE_NAME, **context}
    subject = " ".join(render_text(f"{template}.subject.txt", context).split())
    text = render_text(f"{template}.txt", context)
    html = strip_control_chars(render_to_string(f"{template}.html", context))
    return subject, text, html


def send_templated_email(*, to, template, context, headers=None):
    subject, text, html = render_email(template, context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(to),
        headers=headers or {},
    )
    message.attach_alternative(html, "text/html")
    return message.send()


def queue_templated_email(*, to, template, context, headers=None):
    from .tasks import send_email

    if is_quiet():
        return
    handoff.enqueue(send_email, to=list(to), template=template, context=context, headers=headers)


def queue_templated_emails(messages):
    """`queue_templated_email` for many messages (dicts of its keyword arguments) at once, in
    one INSERT: a notice to everyone signed up costs the same for 3 people or 60."""
    from .tasks import send_email

    if is_quiet():
        return
    handoff.enqueue_many(
        send_email,
        [
            ((), {"to": list(m["to"]), "template": m["template"], "context": m["context"],
                  "headers": m.get("headers")})
            for m in messages
        ],
    )  # fmt: skip

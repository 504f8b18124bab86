"""Sending email: every message is an HTML + plain-text pair rendered from templates.

Emails are queued on the `email` Celery queue after the surrounding transaction commits, so a
rolled-back action never sends mail, and a slow SMTP server never slows a page.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string


def render_email(template, context):
    context = {"SITE_NAME": settings.SITE_NAME, **context}
    subject = " ".join(render_to_string(f"{template}.subject.txt", context).split())
    text = render_to_string(f"{template}.txt", context)
    html = render_to_string(f"{template}.html", context)
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

    transaction.on_commit(
        lambda: send_email.delay(to=list(to), template=template, context=context, headers=headers)
    )

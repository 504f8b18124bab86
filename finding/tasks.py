"""Celery tasks: refreshing what communities are about, telling askers their question may be
routed, and the one email each "could you help?" sends (claimed like alerts, so it goes once)."""

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from alerts import delivery
from communities.models import Community
from core.delivery import message_id
from core.email import render_email

from . import recommend, services
from .models import Ask, AskEmail

log = logging.getLogger(__name__)


@shared_task(acks_late=True)
def refresh_community_terms(community_id):
    community = Community.objects.filter(pk=community_id).first()  # visibility: task, counts only
    if community is None:
        return 0
    return recommend.refresh_terms(community)


@shared_task(acks_late=True)
def refresh_all_terms():
    """Nightly: what every live community is about (tags used, members' terms, its words)."""
    return recommend.refresh_all()


@shared_task(acks_late=True)
def nudge_askers():
    """Hourly: tell each asker whose question has waited past its community's time, once."""
    told = 0
    for topic in services.waiting_to_nudge():
        told += int(services.nudge(topic=topic))
    return told


def build_ask_email(ask):
    topic = ask.topic
    subject, text, html = render_email(
        "finding/email/ask",
        {
            "person": ask.person,
            "asked_by": ask.asked_by,
            "topic": topic,
            "community": topic.community,
            "reply_url": settings.SITE_URL + services.reply_url(topic),
            "not_now_url": settings.SITE_URL + ask_not_now_path(ask),
            "settings_url": settings.SITE_URL + preference_path(),
        },
    )
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[ask.person.email],
        headers={"Message-ID": message_id("ask", ask.pk)},
    )
    message.attach_alternative(html, "text/html")
    return message


def ask_not_now_path(ask):
    from django.urls import reverse

    return reverse("finding:not_now", kwargs={"slug": ask.community.slug, "pk": ask.pk})


def preference_path():
    from django.urls import reverse

    return reverse("finding:preference")


def _still_visible(ask):
    from forums.models import Topic

    return Topic.objects.visible_to(ask.person).filter(pk=ask.topic_id, removed_at=None).exists()


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=None)
def send_ask_email(self, ask_id, since=None):
    """The email of one ask, exactly once: claimed in its own row before it goes to the server,
    confirmed after; retried with backoff, then recorded as not delivered."""
    since = since or timezone.now().isoformat()
    ask = (
        Ask.objects.select_related("topic__community", "person", "asked_by", "community")
        .filter(pk=ask_id)
        .first()
    )
    if ask is None or not ask.person.is_active or not _still_visible(ask):
        return 0
    return delivery.send_one(
        self,
        AskEmail,
        {"ask_id": ask.pk},
        build_ask_email(ask),
        ask.person,
        since=since,
        about=f"ask about {ask.topic.title}",
    )

"""The email asking a story's author for consent to share it: exactly once, claimed in its own
row before it goes to the server and confirmed after (alerts.delivery), retried with backoff and
then recorded as not delivered."""

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import timezone

from alerts import delivery
from core.delivery import message_id
from core.email import render_email

from .models import ConsentEmail, Sharing, Story


def build_consent_email(story):
    author = story.user
    subject, text, html = render_email(
        "value/email/consent_asked",
        {
            "name": author.display_name,
            "asker": story.asked_by.display_name if story.asked_by else "A facilitator",
            "community": story.community.name,
            "what": story.target_title,
            "story": story.helped_with,
            "saving": story.saving,
            "url": settings.SITE_URL.rstrip("/") + reverse("value:story", kwargs={"pk": story.pk}),
        },
    )
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[author.email],
        headers={"Message-ID": message_id("value-consent", story.pk)},
    )
    message.attach_alternative(html, "text/html")
    return message


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=None)
def send_consent_email(self, story_id, since=None):
    """Nothing is sent once the author has answered, left the community or was suspended."""
    since = since or timezone.now().isoformat()
    story = (
        Story.objects.select_related("user", "community", "asked_by").filter(pk=story_id).first()
    )
    if story is None or story.sharing != Sharing.ASKED or not story.user.is_active:
        return 0
    if not Story.objects.visible_to(story.user).filter(pk=story.pk).exists():
        return 0
    return delivery.send_one(
        self,
        ConsentEmail,
        {"story_id": story.pk},
        build_consent_email(story),
        story.user,
        since=since,
        about="consent to share a story",
    )

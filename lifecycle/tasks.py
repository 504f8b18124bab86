"""Celery tasks for closedown: the notice to members and the archive build. Both take ids and
are safe to run again (claimed rows; a finished build is left alone)."""

import logging

from celery import shared_task
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.delivery import retry_countdown, retry_window_over
from core.email import queue_templated_email

from . import archive, notices
from .models import ArchiveBuild

log = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=None)
def send_closedown_notices(self, community_id, since=None):
    since = since or timezone.now().isoformat()
    sent, error = notices.deliver(community_id)
    if error is not None:
        if self.request.is_eager:
            raise error
        if retry_window_over(since):
            log.error("closedown notices for %s given up: %s", community_id, error)
            return sent
        raise self.retry(kwargs={"since": since}, countdown=retry_countdown(self.request.retries))
    return sent


@shared_task(acks_late=True, reject_on_worker_lost=True)
def build_archive(build_id):
    """Build the zip, then tell the person who asked that it is ready."""
    try:
        build = archive.build(build_id)
    except Exception as error:
        ArchiveBuild.objects.filter(pk=build_id).update(
            status=ArchiveBuild.Status.FAILED, error=str(error)[:500], finished_at=timezone.now()
        )
        log.exception("archive build %s failed", build_id)
        return None
    user = build.requested_by
    if build.is_ready and user is not None and user.is_active and user.email:
        with transaction.atomic():
            queue_templated_email(
                to=[user.email],
                template="lifecycle/email/archive_ready",
                context={
                    "name": user.display_name,
                    "community": build.community.name,
                    "url": notices.absolute(
                        reverse("lifecycle:archive", kwargs={"slug": build.community.slug})
                    ),
                },
            )
    return build.pk

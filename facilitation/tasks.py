"""Celery tasks for the weekly facilitator email (facilitation/weekly.py). They take ids and
plain values, are acks_late, and are safe to run again: the claimed rows send each email once."""

from datetime import date

from celery import shared_task
from django.utils import timezone

from alerts.tasks import SENDER, retry_or_give_up

from . import visits, weekly


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_weekly_emails(week_start=None):
    """Beat entry point (Monday mornings): queue one task per community with facilitators due
    this week's email. `week_start` (an ISO date, a Monday) runs a given week again."""
    week = date.fromisoformat(week_start) if week_start else weekly.week_of()
    since = timezone.now().isoformat()
    community_ids = weekly.due_communities(week)
    for community_id in community_ids:
        send_weekly_email.delay(community_id, week.isoformat(), since=since)
    return len(community_ids)


@shared_task(**SENDER)
def send_weekly_email(self, community_id, week_start, user_ids=None, since=None):
    since = since or timezone.now().isoformat()
    week = date.fromisoformat(week_start)
    outcome = weekly.deliver(community_id, week, only=user_ids)
    return retry_or_give_up(
        self,
        outcome,
        [community_id, week_start],
        since,
        lambda ids, error: weekly.give_up(community_id, week, ids, error),
    )


@shared_task(acks_late=True)
def flush_visits():
    """Beat, every minute: write the visits queued in the cache (facilitation/visits.py)."""
    return visits.flush_visits()

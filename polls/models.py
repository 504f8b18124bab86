"""Polls run by facilitators: a question, 2–10 choices, one vote (ballot) per member.

"Vote once" is a database rule, not a hope: every member's votes on a poll hang off one Ballot,
and (poll, user) is unique on Ballot. Changing your vote replaces the ballot's votes in one
transaction. Votes on a single-choice poll carry `single_choice=True`, and a partial unique
constraint allows only one such vote per ballot. Choice.vote_count and Poll.voter_count are
denormalised counters kept by polls/services.py, so results never count rows per request.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities.querysets import CommunityScopedModel, CommunityScopedQuerySet
from core.models import TimeStampedModel

MIN_CHOICES = 2
MAX_CHOICES = 10


class PollQuerySet(CommunityScopedQuerySet):
    def open(self, now=None):
        now = now or timezone.now()
        return self.filter(closed_at__isnull=True).filter(
            Q(closes_at__isnull=True) | Q(closes_at__gt=now)
        )

    def closed(self, now=None):
        now = now or timezone.now()
        return self.filter(Q(closed_at__isnull=False) | Q(closes_at__lte=now))


class Poll(CommunityScopedModel):
    class Results(models.TextChoices):
        AFTER_VOTE = "after_vote", _("To each member once they have voted")
        AFTER_CLOSE = "after_close", _("Only when the poll has closed")

    question = models.CharField(max_length=300)
    multiple = models.BooleanField(
        _("several answers allowed"), default=False, help_text=_("Members may tick more than one.")
    )
    closes_at = models.DateTimeField(null=True, blank=True, db_index=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    results_visibility = models.CharField(
        max_length=12, choices=Results.choices, default=Results.AFTER_VOTE
    )
    voter_count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = PollQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["community", "-created"], name="poll_community_created")]

    def __str__(self):
        return self.question

    def get_absolute_url(self):
        return reverse("polls:detail", kwargs={"slug": self.community.slug, "pk": self.pk})

    @property
    def is_open(self):
        if self.closed_at is not None:
            return False
        return self.closes_at is None or self.closes_at > timezone.now()

    @property
    def closed_on(self):
        """When it closed (early, or at its closing date), or None while open."""
        if self.closed_at is not None:
            return self.closed_at
        if self.closes_at is not None and self.closes_at <= timezone.now():
            return self.closes_at
        return None

    def results_visible(self, *, has_voted, is_moderator):
        """Results are for everyone once closed; before that, by the poll's setting. The
        facilitators who run the poll can always follow it."""
        if not self.is_open or is_moderator:
            return True
        return self.results_visibility == self.Results.AFTER_VOTE and has_voted


class Choice(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)
    vote_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["poll", "order"], name="choice_unique_order"),
        ]

    def __str__(self):
        return self.text


class Ballot(TimeStampedModel):
    """A member's vote on a poll: exactly one per member per poll (the database says so)."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="ballots")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="poll_ballots"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["poll", "user"], name="ballot_one_per_member"),
        ]

    def __str__(self):
        return f"{self.user} on {self.poll}"


class Vote(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="votes")
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="+")
    choice = models.ForeignKey(Choice, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    single_choice = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["poll", "choice", "user"], name="vote_once_per_choice"),
            models.UniqueConstraint(
                fields=["ballot"],
                condition=Q(single_choice=True),
                name="vote_one_on_single_choice_poll",
            ),
        ]

    def __str__(self):
        return f"{self.user} chose {self.choice}"

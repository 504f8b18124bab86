"""Finding the right community and the right person.

- `CommunityTerm`: what a community is about, one row per word or phrase (a tag its members
  used on content, a tag its members list as expertise or interest, a known tag or service
  area found in its name, description or domain), refreshed by a task. Recommendations match a
  member's own tags against these rows in one grouped query (recommend.py).
- `Dismissal`: "not interested", for good.
- `CommunitySettings`: what a community's facilitators chose for newcomers and for routing
  unanswered questions (the "Introduce yourself" topic, the first easy action, how long a
  question waits before the system suggests people to ask).
- `ChecklistState`: a newcomer's checklist in one community (dismissed, starter page read);
  every other step is derived from real data (newcomers.py).
- `FirstPost`: a member's first forum post in a community, flagged for its facilitators.
- `AskPreference`, `Ask`, `AskEmail`: asking a member to help with an unanswered question,
  whether they may be asked at all, and the one email each ask sends (claimed like alerts).
- `QuestionNudge`: the asker was told once that their question may be routed.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alerts.models import DeliveryRecord
from communities.models import Community
from forums.models import Post, Topic
from wikis.models import WikiPage


class CommunityTerm(models.Model):
    """One thing a community is about, and how strongly (see recommend.refresh_terms)."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    term = models.CharField(max_length=100)  # lower case, as the tag or service area reads
    tagged = models.PositiveIntegerField(default=0)  # items tagged with it in the community
    members = models.PositiveIntegerField(default=0)  # members listing it as expertise/interest
    in_text = models.BooleanField(default=False)  # in the name, description or domain
    weight = models.FloatField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["community", "term"], name="finding_term_once")
        ]
        indexes = [models.Index(fields=["term", "community"], name="finding_term_lookup")]

    def __str__(self):
        return f"{self.term} in {self.community_id}"


class Dismissal(models.Model):
    """The member said "not interested" in a recommended community: never recommend it again."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "community"], name="finding_dismiss_once")
        ]

    def __str__(self):
        return f"{self.user_id} is not interested in {self.community_id}"


class FirstAction(models.TextChoices):
    NONE = "", _("None")
    ANSWER = "answer", _("Answer a question")
    READ = "read", _("Read a starter wiki page")


class CommunitySettings(models.Model):
    """What a community's facilitators chose for newcomers and unanswered questions."""

    community = models.OneToOneField(
        Community, on_delete=models.CASCADE, related_name="finding_settings"
    )
    intro_topic = models.ForeignKey(
        Topic, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    first_action = models.CharField(
        max_length=8, choices=FirstAction.choices, default=FirstAction.NONE, blank=True
    )
    starter_page = models.ForeignKey(
        WikiPage, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ask_after_hours = models.PositiveSmallIntegerField(default=24)

    def __str__(self):
        return f"Newcomer and routing settings of {self.community_id}"


class ChecklistState(models.Model):
    """A member's newcomer checklist in one community: created when they join."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(default=timezone.now)
    dismissed_at = models.DateTimeField(null=True, blank=True)
    starter_read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "community"], name="finding_checklist_once")
        ]
        indexes = [models.Index(fields=["community", "created"], name="finding_checklist_new")]

    def __str__(self):
        return f"Checklist of {self.user_id} in {self.community_id}"


class FirstPost(models.Model):
    """A member's first forum post in a community, shown to its facilitators until answered."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["community", "author"], name="finding_first_post_once")
        ]
        indexes = [models.Index(fields=["community", "created"], name="finding_first_post_new")]

    def __str__(self):
        return f"First post of {self.author_id} in {self.community_id}"


class AskPreference(models.Model):
    """Whether a member may be asked to help with questions (yes, unless they opted out)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ask_preference"
    )
    may_be_asked = models.BooleanField(
        _("Other members may ask me to help with questions"), default=True
    )

    def __str__(self):
        return f"{self.user_id} may be asked: {self.may_be_asked}"


class Ask(models.Model):
    """`person` was asked to help with the question `topic`, once."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)
    declined_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["topic", "person"], name="finding_ask_once")]
        indexes = [
            models.Index(fields=["person", "created"], name="finding_ask_weekly"),
            models.Index(fields=["community", "created"], name="finding_ask_community"),
        ]

    def __str__(self):
        return f"{self.person_id} asked about {self.topic_id}"


class AskEmail(DeliveryRecord):
    """The one email an Ask sends, claimed before it goes (alerts.delivery)."""

    ask = models.OneToOneField(Ask, on_delete=models.CASCADE, related_name="+")


class QuestionNudge(models.Model):
    """The asker of `topic` was told, once, that nobody had replied and whom they could ask."""

    topic = models.OneToOneField(Topic, on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Asker of {self.topic_id} told"

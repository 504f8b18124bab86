"""People: profiles, the managed list of service areas, contacts, blocks and private messages.

Who may see what is decided in rules.py (profiles and each contact field) and, for anything
about communities, by the communities app's own rule (`Community.objects.visible_to`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from core.models import TimeStampedModel


class Visibility(models.TextChoices):
    """Who can see one contact detail. The profile's owner always sees their own."""

    MEMBERS = "members", _("Everyone signed in")
    CONTACTS = "contacts", _("My contacts")
    ONLY_ME = "me", _("Only me")


class Region(models.TextChoices):
    """UK nations and English regions (ITL 1), the way local government groups itself."""

    NORTH_EAST = "north-east", _("North East")
    NORTH_WEST = "north-west", _("North West")
    YORKSHIRE = "yorkshire", _("Yorkshire and the Humber")
    EAST_MIDLANDS = "east-midlands", _("East Midlands")
    WEST_MIDLANDS = "west-midlands", _("West Midlands")
    EAST = "east", _("East of England")
    LONDON = "london", _("London")
    SOUTH_EAST = "south-east", _("South East")
    SOUTH_WEST = "south-west", _("South West")
    WALES = "wales", _("Wales")
    SCOTLAND = "scotland", _("Scotland")
    NORTHERN_IRELAND = "northern-ireland", _("Northern Ireland")
    OUTSIDE_UK = "outside-uk", _("Outside the UK")


class MessageEmail(models.TextChoices):
    """ "Email me when I get a message". The alerts app will fold this into My alerts."""

    IMMEDIATELY = "immediately", _("Immediately")
    OFF = "off", _("Off")


class ServiceArea(models.Model):
    """The managed list people choose their service areas from; site admins edit it in the admin."""

    name = models.CharField(max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(
        default=100, help_text=_("Lower numbers come first in lists.")
    )

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class ExpertiseTag(TaggedItemBase):
    """ "Areas of expertise": what someone can help others with."""

    content_object = models.ForeignKey(
        "Profile", on_delete=models.CASCADE, related_name="expertise_items"
    )
    # The order the person listed them in: the first few are shown as their "top" tags.
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="expertise_unique_tag")
        ]
        # The finder's "who has this tag": the profile ids of a tag, read from the index alone.
        indexes = [models.Index(fields=["tag", "content_object"], name="expertise_tag_profile")]


class InterestTag(TaggedItemBase):
    """ "Areas of interest": what someone wants to learn about. Kept apart from expertise."""

    content_object = models.ForeignKey(
        "Profile", on_delete=models.CASCADE, related_name="interest_items"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="interest_unique_tag")
        ]
        # The finder's "who has this tag": the profile ids of a tag, read from the index alone.
        indexes = [models.Index(fields=["tag", "content_object"], name="interest_tag_profile")]


FINDER_LISTED = Q(active=True, hidden_from_finder=False)
# Profile columns that copy the user's state; only signals.sync_from_user writes them.
MIRRORED_FIELDS = ("name", "active")


class ProfileQuerySet(models.QuerySet):
    def active(self):
        """Profiles other members may see at all: `User.objects.findable()` (active, with a
        verified email address), through the profile's copy of it."""
        return self.filter(active=True)

    def listed(self):
        """Shown in the people finder: active(), and the person has not asked to be left out.

        Exactly the condition of the finder's partial indexes, so PostgreSQL can walk them.
        """
        return self.filter(active=True, hidden_from_finder=False)

    def not_blocked_with(self, viewer):
        """Leave out anyone `viewer` blocked and anyone who blocked `viewer`."""
        blocked_by_viewer = Block.objects.filter(blocker=viewer).values("blocked")
        blocking_viewer = Block.objects.filter(blocked=viewer).values("blocker")
        return self.exclude(user__in=blocked_by_viewer).exclude(user__in=blocking_viewer)

    def with_relation_to(self, viewer):
        """Annotate how `viewer` stands to each profile's owner, for rules.relation and the
        contact/block buttons, in the same query as the profiles themselves."""
        owner = models.OuterRef("user")
        return self.annotate(
            viewer_is_blocked=models.Exists(Block.objects.filter(blocker=owner, blocked=viewer)),
            viewer_is_contact=models.Exists(Contact.objects.filter(owner=owner, contact=viewer)),
            in_my_contacts=models.Exists(Contact.objects.filter(owner=viewer, contact=owner)),
            blocked_by_me=models.Exists(Block.objects.filter(blocker=viewer, blocked=owner)),
        )


class Profile(TimeStampedModel):
    """Everything a member tells others about themselves. The name itself lives on the User."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    # Copies of User.name and of "User.objects.findable() includes this user" (the account is
    # active and has a verified email address), kept in step by signals.sync_from_user, so that
    # the people finder filters and sorts on this one table (and its partial indexes) without
    # joining accounts_user and account_emailaddress for every candidate row. Pages always
    # show the User's own name; rules.relation decides on `active`.
    name = models.CharField(max_length=150, blank=True, editable=False)
    active = models.BooleanField(default=False, editable=False)
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    organisation = models.CharField(
        max_length=150, blank=True, help_text=_("For example, Leeds City Council.")
    )
    location = models.CharField(
        _("town or city"), max_length=100, blank=True, help_text=_("For example, Sheffield.")
    )
    region = models.CharField(max_length=20, choices=Region.choices, blank=True)
    service_areas = models.ManyToManyField(ServiceArea, blank=True, related_name="profiles")
    expertise = TaggableManager(
        "areas of expertise", through=ExpertiseTag, related_name="expert_profiles", blank=True
    )
    interests = TaggableManager(
        "areas of interest", through=InterestTag, related_name="interested_profiles", blank=True
    )
    bio = models.TextField(_("about me"), max_length=1000, blank=True)

    # Contact details: each with its own "who can see this" (rules.visible_fields decides).
    # The email address shown is the account's own, so it is never out of date.
    email_visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.CONTACTS
    )
    phone = models.CharField(_("phone number"), max_length=40, blank=True)
    phone_visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.CONTACTS
    )
    website = models.URLField(max_length=300, blank=True)
    website_visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    social_links = models.TextField(
        _("social media links"), max_length=1000, blank=True, help_text=_("One web address a line.")
    )
    social_links_visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.MEMBERS
    )

    # Stored under an unguessable name and only ever served by the permission-checked view.
    photo = models.FileField(upload_to="profiles/photos/", blank=True, max_length=200)

    hidden_from_finder = models.BooleanField(
        _("hide me from the people finder"), default=False, db_index=True
    )
    message_email = models.CharField(
        _("email me when I get a message"),
        max_length=12,
        choices=MessageEmail.choices,
        default=MessageEmail.IMMEDIATELY,
    )

    # Moves by one with every save of the edit form, which saves only on top of the version
    # it was opened on (core.concurrency.claim_edit): no edit silently overwrites another.
    edit_version = models.PositiveIntegerField(default=1, editable=False)

    objects = ProfileQuerySet.as_manager()

    class Meta:
        # The people finder (finder.search): everything it filters on is listed(), so the
        # indexes it walks in name order are partial on that condition. On PostgreSQL,
        # migrations 0003/0004 add trigram indexes for its "contains" searches on the name and
        # the organisation (see docs/profiles.md).
        indexes = [
            models.Index(
                fields=["name", "id"], condition=FINDER_LISTED, name="profile_finder_name"
            ),
            # Whether a profile found another way (by a tag) is listed and not blocked, read
            # from the index alone: the finder's capped count looks up to 1,001 of them.
            models.Index(fields=["id", "user"], condition=FINDER_LISTED, name="profile_finder_id"),
            models.Index(
                fields=["region", "name", "id"],
                condition=FINDER_LISTED,
                name="profile_finder_region",
            ),
            models.Index(fields=["region"]),
            models.Index(Lower("organisation"), name="profile_lower_org"),
        ]

    def __str__(self):
        return f"Profile of {self.user}"

    def save(self, *args, **kwargs):
        """Never write the copies (`name`, `active`) back from an instance: only
        signals.sync_from_user does, with an UPDATE. An instance loaded before the person
        confirmed their email (or renamed themselves) would otherwise undo the sync."""
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in MIRRORED_FIELDS
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("profiles:detail", kwargs={"username": self.user.username})

    @property
    def social_link_list(self):
        return [line.strip() for line in self.social_links.splitlines() if line.strip()]

    @property
    def photo_token(self):
        """Part of the photo URL: changes with every new photo, so browsers may cache each one."""
        if not self.photo:
            return ""
        return self.photo.name.rsplit("/", 1)[-1].split(".", 1)[0][:12]

    @property
    def role_line(self):
        return ", ".join(part for part in (self.job_title, self.organisation) if part)

    @property
    def top_expertise(self):
        """The first five areas of expertise, in the order the person listed them.

        Reads the prefetched `expertise_items` when there are any, so lists stay at one query.
        """
        return [item.tag.name for item in self.expertise_items.all()[:5]]


class Contact(models.Model):
    """`owner` marked `contact` as one of their contacts. One-way, like a personal address book:
    the owner's "My contacts" fields become visible to the people they marked."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact_entries"
    )
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact_of_entries"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "contact"], name="contact_unique_pair"),
            models.CheckConstraint(
                condition=~Q(owner=models.F("contact")), name="contact_not_self"
            ),
        ]
        indexes = [models.Index(fields=["contact", "owner"])]

    def __str__(self):
        return f"{self.owner} → {self.contact}"


class Block(models.Model):
    """`blocker` blocked `blocked`: no messages either way, and neither finds the other."""

    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_made"
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_received"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="block_unique_pair"),
            models.CheckConstraint(
                condition=~Q(blocker=models.F("blocked")), name="block_not_self"
            ),
        ]
        indexes = [models.Index(fields=["blocked", "blocker"])]

    def __str__(self):
        return f"{self.blocker} blocked {self.blocked}"


class Conversation(TimeStampedModel):
    """A private conversation between exactly two members (the two Participant rows)."""

    subject = models.CharField(max_length=150)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    last_message_at = models.DateTimeField(db_index=True)
    message_count = models.PositiveIntegerField(default=0)

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse("profiles:conversation", kwargs={"pk": self.pk})


class ParticipantQuerySet(models.QuerySet):
    def inbox(self):
        return self.filter(archived=False)

    def archived(self):
        return self.filter(archived=True)

    def unread(self):
        return self.filter(unread_count__gt=0)


class Participant(models.Model):
    """One member's side of a conversation: their read and archived state.

    `other` (the person they talk to) and `last_message_at` are copied here so the inbox is one
    indexed query over this table, and the unread count in the navigation another.
    """

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversation_entries"
    )
    other = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    unread_count = models.PositiveIntegerField(default=0)
    last_read_at = models.DateTimeField(null=True, blank=True)
    archived = models.BooleanField(default=False)
    last_message_at = models.DateTimeField()

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        ordering = ["-last_message_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["conversation", "user"], name="participant_unique"),
        ]
        indexes = [
            models.Index(fields=["user", "archived", "-last_message_at"], name="participant_inbox"),
            models.Index(
                fields=["user"], condition=Q(unread_count__gt=0), name="participant_unread"
            ),
        ]

    def __str__(self):
        return f"{self.user} in {self.conversation}"


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sent_messages"
    )
    body = models.TextField(max_length=5000)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "pk"]
        indexes = [models.Index(fields=["conversation", "created"])]

    def __str__(self):
        return f"Message {self.pk} in {self.conversation_id}"

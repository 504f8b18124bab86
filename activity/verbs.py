"""Every verb the event log knows: the log's own (joining, stage changes, comments) and those
each feature declares in its `features.py`. Sets of verbs are read from the declarations each
time, so a feature adds its verbs by declaring them and nothing here changes."""

from django.utils.translation import gettext_lazy as _

from core import features as feature_registry
from core.features import CONTRIBUTES, Verb

COMMENT_POSTED = Verb(
    "comment_posted", _("Comment posted"), _("commented on"), role=CONTRIBUTES, conversation=True
)
MEMBER_JOINED = Verb("member_joined", _("Member joined"), _("joined"), alert=False, digest=True)
COMMUNITY_CREATED = Verb(
    "community_created",
    _("Sub-community created"),
    _("created the sub-community"),
    alert=False,
    digest=True,
)
COMMUNITY_APPROVED = Verb(
    "community_approved", _("Community approved"), _("approved the new community"), alert=False
)
STAGE_CHANGED = Verb(
    "stage_changed",
    _("Stage changed"),
    _("changed the lifecycle stage of"),
    alert=True,
    digest=True,
)
LOG_VERBS = (COMMENT_POSTED, MEMBER_JOINED, COMMUNITY_CREATED, COMMUNITY_APPROVED, STAGE_CHANGED)


def all_verbs():
    return [*LOG_VERBS, *feature_registry.all_verbs()]


def verb(key):
    """The Verb for a stored key; ValueError for a key nobody declared."""
    for candidate in all_verbs():
        if candidate == key:
            return candidate
    raise ValueError(f"{key!r} is not a declared activity verb")


def _where(test):
    return frozenset(v for v in all_verbs() if test(v))


def creating():
    """Who started something new: the 1 of the 1/9/90 split."""
    return _where(lambda v: v.role == feature_registry.CREATES)


def contributing():
    """Who added to something that existed: the 9."""
    return _where(lambda v: v.role == CONTRIBUTES)


def content():
    return _where(lambda v: bool(v.role))


def conversation():
    """ "Breaking conversations" on the site-wide public page."""
    return _where(lambda v: v.conversation)


def alerting():
    """Alert emails: new content, and a community changing stage."""
    return _where(lambda v: v.alert)


def digest():
    """Digests also make arrivals visible."""
    return _where(lambda v: v.digest)


def personal_subject_labels():
    return [label for f in feature_registry.features() for label in f.personal_subjects]


def personal():
    """The only verbs that may be recorded without a community: those of features with personal
    subjects (a blog entry on a personal blog) and comments on such subjects."""
    owners = {f.key for f in feature_registry.features() if f.personal_subjects}
    return _where(lambda v: v == COMMENT_POSTED or v.feature in owners)


class _ByName:
    """`Verb.TOPIC_STARTED`: a declared verb by its upper-case name, for code and tests that
    name one verb."""

    def __getattr__(self, name):
        if not name.isupper():
            raise AttributeError(name)
        try:
            return verb(name.lower())
        except ValueError:
            raise AttributeError(name) from None

    def __call__(self, key):
        return verb(key)


Verbs = _ByName()

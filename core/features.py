"""The feature registry: every feature a community can switch on declares itself here, once.

A feature app (forum, wiki, documents…) has a `features.py` module that calls `register()` with
one `Feature`. Everything that used to keep its own table of features reads this registry
instead: the community tabs and settings form, the visibility rule (which content models belong
to which switch), activity verbs and their phrases, usage-figure labels, search adapters,
alert nouns and digest headings, "Download my data", the My home panels and the demo data.

The registry lives in `core`, the lowest layer, so that any layer may read it without importing
a feature app; the feature apps import `register` and nothing here imports them. Modules are
found the way the admin finds `admin.py` (`autodiscover_modules`), on first use after the app
registry is ready.

Adding a feature: see CONTRIBUTING.md, "Adding a feature".
"""

import sys
from dataclasses import dataclass, field
from threading import Lock

from django.apps import apps
from django.utils.functional import lazy
from django.utils.module_loading import autodiscover_modules

CREATES = "creates"  # starts something new: the 1 of the 1/9/90 split
CONTRIBUTES = "contributes"  # adds to something that exists: the 9


class Verb(str):
    """An activity verb, stored as its key in `activity.Activity.verb`. A `str`, so it compares
    equal to the stored value; the rest describes how the log, streams and metrics treat it."""

    def __new__(cls, key, label, phrase, *, role="", conversation=False, alert=None, digest=None):
        verb = super().__new__(cls, key)
        verb.label = label  # "Topic started": lists and admin
        verb.phrase = phrase  # "<actor> started a topic: <title>"
        verb.role = role  # CREATES, CONTRIBUTES or "" (not content: joining, stage changes)
        verb.conversation = conversation  # shown among "Breaking conversations"
        verb.alert = bool(role) if alert is None else alert  # sent as an immediate alert
        verb.digest = verb.alert if digest is None else digest  # listed in digests
        verb.feature = ""  # set by register(): the feature that declared it
        return verb

    @property
    def key(self):
        return str(self)


@dataclass(frozen=True)
class Figure:
    """A usage figure on the metrics pages: how many activity rows of these verbs."""

    key: str
    label: str
    verbs: tuple


@dataclass
class Feature:
    """What a community feature is, said once. Only `key`, `label` and `tab` are required."""

    key: str  # stored in Community.features: "forum"
    label: str  # the tab and the settings checkbox: "Forum"
    tab: str  # URL name of the feature's page in a community (takes the slug): "forums:index"
    noun: str = ""  # "the <noun> of Adoption Policy CoP": "document library"
    order: int = 100  # place among the tabs (lower first) and in digests
    app_label: str = ""  # the app that declared it (by default, the one calling register())
    # Content models ("forums.Topic") shown only where the feature is switched on.
    models: tuple = ()
    verbs: tuple = ()  # Verb objects this feature's services record
    figures: tuple = ()  # Figure objects for the usage-figures pages
    search: tuple = ()  # search.registry.Adapter instances (each knows its model)
    exports: dict = field(default_factory=dict)  # name in posts.json -> fn(user) -> rows
    home_section: object = None  # fn(user) -> context dict for a My home panel
    demo: object = None  # fn(ctx): creates demo content
    # fn(community) -> iterable of plain dicts, this feature's content for the offline community
    # archive (shape and rules: lifecycle/archive.py); None: not in the archive.
    archive: object = None
    # Models outside communities whose rows may be logged with no community (personal blogs).
    personal_subjects: tuple = ()

    def __post_init__(self):
        # Lowered when shown, so a translated label gives a translated noun.
        self.noun = self.noun or _lowered(self.label)


def _lower(text):
    return str(text).lower()


_lowered = lazy(_lower, str)


_features = {}
_discovered = False
_lock = Lock()


def register(feature):
    """Declare a feature. Called once, from the feature app's own `features.py`."""
    if not feature.app_label:
        feature.app_label = sys._getframe(1).f_globals.get("__name__", "").split(".")[0]
    existing = _features.get(feature.key)
    if existing is not None and existing is not feature:
        raise ValueError(f"Feature {feature.key!r} is already registered by {existing.app_label}")
    for verb in feature.verbs:
        verb.feature = feature.key
    for adapter in feature.search:
        adapter.feature = feature.key
    _features[feature.key] = feature
    return feature


def unregister(key):
    """Take a feature out (tests that declare a sample feature clean up with this)."""
    _features.pop(key, None)


def _discover():
    global _discovered
    if _discovered:
        return
    with _lock:
        if _discovered:
            return
        apps.check_models_ready()
        autodiscover_modules("features", register_to=None)
        _discovered = True


def features():
    """Every feature, in tab order."""
    _discover()
    return sorted(_features.values(), key=lambda feature: (feature.order, feature.key))


def feature(key):
    """The feature with this key, or None."""
    _discover()
    return _features.get(key)


def keys():
    return [feature.key for feature in features()]


def choices():
    """(key, label) pairs, for forms."""
    return [(feature.key, feature.label) for feature in features()]


def label(key):
    found = feature(key)
    return found.label if found else key


def of_model(model):
    """The key of the feature whose switch hides `model`'s rows, or None."""
    _discover()
    name = f"{model._meta.app_label}.{model._meta.object_name}"
    concrete = model._meta.concrete_model
    concrete_name = f"{concrete._meta.app_label}.{concrete._meta.object_name}"
    for found in _features.values():
        if name in found.models or concrete_name in found.models:
            return found.key
    return None


def of_app(app_label):
    """The key of the feature declared by `app_label` ("" when it declares none): a comment on
    a document belongs to the documents feature."""
    for found in features():
        if found.app_label == app_label:
            return found.key
    return ""


def all_verbs():
    return [verb for found in features() for verb in found.verbs]


def adapters():
    return [adapter for found in features() for adapter in found.search]

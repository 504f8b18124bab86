"""What can be followed, whether this person may follow it, and what to call it.

Followable: a Community (whole, or one of its features), a person's blog (the User, feature
"blogs"), and any community content model whose default manager has `visible_to(user)` (the
CommunityScopedQuerySet every feature app uses): a topic, a document, a wiki page, an event.
Visibility is always the owning model's own `visible_to`; nothing here re-implements it.
"""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext

from activity.models import personal_subject_models
from communities.models import Community, is_signed_in
from core import features as feature_registry

from .matching import BLOG_FEATURE


def type_label(content_type):
    return f"{content_type.app_label}.{content_type.model}"


def content_type_from_label(label):
    """A label "app_label.model" → ContentType, or None."""
    try:
        app_label, model = (label or "").split(".")
        return ContentType.objects.get_by_natural_key(app_label, model)
    except (ValueError, ContentType.DoesNotExist):
        return None


def _is_user_model(model):
    return model is get_user_model()


def is_followable_model(model):
    if model is None:
        return False
    if model is Community or _is_user_model(model) or model in personal_subject_models():
        return True
    has_community = any(f.name == "community" for f in model._meta.get_fields())
    return has_community and hasattr(model._default_manager, "visible_to")


def visible_targets(user, model, ids):
    """{pk: object} of the `ids` of `model` that `user` may follow, in one query."""
    ids = set(ids)
    if not ids or not is_signed_in(user) or not is_followable_model(model):
        return {}
    if _is_user_model(model):
        qs = model._default_manager.filter(pk__in=ids, is_active=True)
    elif model is Community:
        qs = Community.objects.visible_to(user).filter(pk__in=ids)
    else:
        qs = model._default_manager.visible_to(user).filter(pk__in=ids)
        if any(f.name == "community" for f in model._meta.get_fields()):
            qs = qs.select_related("community")
    return {obj.pk: obj for obj in qs}


def feature_is_valid(target, feature):
    if not feature:
        return not _is_user_model(type(target))
    if isinstance(target, Community):
        return feature in target.enabled_features
    return _is_user_model(type(target)) and feature == BLOG_FEATURE


def find_target(user, content_type, target_id, feature=""):
    """The object `user` may follow (with this feature), or None."""
    if content_type is None:
        return None
    model = content_type.model_class()
    found = visible_targets(user, model, [target_id]).get(target_id)
    if found is None or not feature_is_valid(found, feature):
        return None
    return found


def describe(target, feature=""):
    """A short noun phrase for buttons and lists: "the forum of Adoption Policy CoP"."""
    if target is None:
        return gettext("something you can no longer see")
    if isinstance(target, Community):
        if feature:
            declared = feature_registry.feature(feature)
            return gettext("the %(noun)s of %(community)s") % {
                "noun": declared.noun if declared else feature,
                "community": target.name,
            }
        return target.name
    if _is_user_model(type(target)):
        return f"{target.display_name}’s blog"
    noun = target._meta.verbose_name
    community = getattr(target, "community", None)
    where = f" in {community.name}" if community is not None else ""
    return f"the {noun} “{target}”{where}"


def url_of(target, feature=""):
    if target is None:
        return ""
    if isinstance(target, Community) and feature:
        declared = feature_registry.feature(feature)
        if declared is None:
            return target.get_absolute_url()
        try:
            return reverse(declared.tab, args=[target.slug])
        except NoReverseMatch:
            return target.get_absolute_url()
    getter = getattr(target, "get_absolute_url", None)
    if getter is None:
        return ""
    try:
        return getter()
    except NoReverseMatch:  # e.g. a blog whose app is not installed: name it without a link
        return ""


def describe_subscriptions(user, subscriptions):
    """Rows for "My alerts": each subscription with its label and link, looked up with one query
    per kind of target (never one per row), through each model's own visibility rule."""
    by_type = {}
    for subscription in subscriptions:
        by_type.setdefault(subscription.target_type_id, set()).add(subscription.target_id)
    found = {}
    for type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        for pk, obj in visible_targets(user, model, ids).items():
            found[(type_id, pk)] = obj
    rows = []
    for subscription in subscriptions:
        target = found.get((subscription.target_type_id, subscription.target_id))
        rows.append(
            {
                "subscription": subscription,
                "label": describe(target, subscription.feature),
                "url": url_of(target, subscription.feature),
                "visible": target is not None,
            }
        )
    return rows

"""The small protocol that makes a model a conversation item (reactable, reportable, removable).

A model joins by mixing in `ConversationTarget` (plus `Removable`), setting
`conversation_kind` (the word used in URLs: /helpful/post/12/) and implementing:

    objects.visible_to(user)      the community visibility rule (every lookup goes through it)
    can_respond(user)             may reply / comment / react (members of a live community)
    can_moderate(user)            facilitators (and site admins)
    report_community_for(user)    whose facilitators receive a report (None: site admins)
    moderation_hide(by) / moderation_restore(by)   the app's own service for removal
    describe()                    "Reply by Ann Smith in “Topic”" for queues and emails
    get_absolute_url()            a permalink
"""

from functools import lru_cache

from django.apps import apps
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from communities.models import is_signed_in


class ConversationTarget:
    conversation_kind = None
    helpful_label = _("Helpful")

    def content_visible_to(self, user):
        """Removed items keep their place but only moderators see what they said."""
        return not self.is_removed or self.can_moderate(user)

    def can_react(self, user):
        return (
            not self.is_removed
            and getattr(user, "pk", None) != self.author_id
            and self.can_respond(user)
        )

    def can_report(self, user):
        return (
            is_signed_in(user)
            and not self.is_removed
            and getattr(user, "pk", None) != self.author_id
        )


@lru_cache(maxsize=1)
def target_models():
    """{kind: model} for every installed model that is a conversation item."""
    found = {}
    for model in apps.get_models():
        kind = getattr(model, "conversation_kind", None)
        if kind and issubclass(model, ConversationTarget):
            found[kind] = model
    return found


def load_target(kind, pk, user):
    """The item, if `user` can see it (through the visibility rule) and what it says; else 404."""
    model = target_models().get(kind)
    if model is None:
        raise Http404("No such item.")
    item = model.objects.visible_to(user).filter(pk=pk).first()
    if item is None or not item.content_visible_to(user):
        raise Http404("No such item.")
    return item

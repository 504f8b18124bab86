"""Stories made through the real service (so the Helpful mark and the checks are real)."""

from value import services
from value.models import Sharing, Story


def story(item, user, *, helped_with="It saved me writing our own guidance.", amount=None, unit=""):
    return services.story_save(
        user=user, item=item, helped_with=helped_with, saved_amount=amount, saved_unit=unit
    )


def shareable(found, *, by):
    """A story its author agreed to share, after `by` (a facilitator) asked."""
    services.story_ask(by=by, story=found)
    services.story_answer(user=found.user, story=Story.objects.get(pk=found.pk), consent=True)
    found.refresh_from_db()
    assert found.sharing == Sharing.SHAREABLE
    return found

from datetime import timedelta

import factory
from django.utils import timezone

from events.models import Attendance, Event
from tests.accounts.factories import UserFactory
from tests.communities.factories import CommunityFactory


class EventFactory(factory.django.DjangoModelFactory):
    """An event a week from now, 09:00–17:00 London time, in a public community."""

    class Meta:
        model = Event

    community = factory.SubFactory(CommunityFactory)
    title = factory.Sequence(lambda n: f"Knowledge Management Forum {n}")
    description = "<p>Key topics of the day: KM tools and culture.</p>"
    location = "London"
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + timedelta(days=7)).replace(
            hour=9, minute=0, second=0, microsecond=0
        )
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=8))
    timezone = "Europe/London"
    created_by = factory.SubFactory(UserFactory)
    contact = factory.SelfAttribute("created_by")


def attend(event, user=None, state=Attendance.State.GOING):
    """An attendance row with the event's counters kept true (as the services do)."""
    attendance = Attendance.objects.create(event=event, user=user or UserFactory(), state=state)
    field = "attendee_count" if state == Attendance.State.GOING else "waitlist_count"
    setattr(event, field, getattr(event, field) + 1)
    Event.objects.filter(pk=event.pk).update(**{field: getattr(event, field)})
    return attendance

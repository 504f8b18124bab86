import factory

from notifications.models import Notification
from tests.accounts.factories import UserFactory


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    user = factory.SubFactory(UserFactory)
    kind = Notification.Kind.REPLY
    actor = factory.SubFactory(UserFactory)
    summary = factory.LazyAttribute(lambda o: f"{o.actor.display_name} replied to your post")
    url = "/help/"

import factory

from polls.models import Choice, Poll
from tests.accounts.factories import UserFactory
from tests.communities.factories import CommunityFactory


class PollFactory(factory.django.DjangoModelFactory):
    """An open single-choice poll with three choices, results after voting."""

    class Meta:
        model = Poll
        skip_postgeneration_save = True

    community = factory.SubFactory(CommunityFactory)
    question = factory.Sequence(lambda n: f"How useful is this tool? ({n})")
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def choices(obj, create, extracted, **kwargs):
        if create:
            for order, text in enumerate(extracted or ["Yes", "No", "Sometimes"], 1):
                Choice.objects.create(poll=obj, text=text, order=order)

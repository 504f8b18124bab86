from datetime import timedelta

import factory
from django.utils import timezone
from django.utils.text import slugify

from communities.models import Community, Invitation, Membership, MembershipRequest
from communities.services import _refresh_member_counts
from tests.accounts.factories import UserFactory


class CommunityFactory(factory.django.DjangoModelFactory):
    """An approved, public community at the nurture stage, unless told otherwise."""

    class Meta:
        model = Community
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Community {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    short_description = factory.LazyAttribute(lambda o: f"People working on {o.name}.")
    domain = "Sharing practice between councils."
    visibility = Community.Visibility.PUBLIC
    stage = Community.Stage.NURTURE
    status = Community.Status.APPROVED
    parent = None
    depth = factory.LazyAttribute(lambda o: o.parent.depth + 1 if o.parent else 0)

    class Params:
        private = factory.Trait(visibility=Community.Visibility.PRIVATE)
        archived = factory.Trait(stage=Community.Stage.CLOSEDOWN)
        pending = factory.Trait(status=Community.Status.PENDING)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    community = factory.SubFactory(CommunityFactory)
    role = Membership.Role.MEMBER

    class Params:
        facilitator = factory.Trait(role=Membership.Role.FACILITATOR)

    @factory.post_generation
    def counted(obj, create, extracted, **kwargs):
        """Keep the denormalised member_count true, as the services do."""
        if create:
            _refresh_member_counts([obj.community_id])
            obj.community.refresh_from_db(fields=["member_count"])


class MembershipRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MembershipRequest

    user = factory.SubFactory(UserFactory)
    community = factory.SubFactory(CommunityFactory, private=True)
    reason = "I run the adoption support team in Wiltshire and want to learn from others."


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    community = factory.SubFactory(CommunityFactory)
    user = factory.SubFactory(UserFactory)
    email = factory.LazyAttribute(lambda o: o.user.email if o.user else "someone@example.org")
    token = factory.Sequence(lambda n: f"invitation-token-{n:04d}")
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))


def member_of(community, user=None, *, facilitator=False):
    """Make `user` (or a new user) a member; returns the user."""
    membership = MembershipFactory(
        community=community, facilitator=facilitator, **({"user": user} if user else {})
    )
    return membership.user

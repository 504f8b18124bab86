from alerts.models import Frequency
from alerts.services import subscribe
from tests.communities.factories import member_of


def follower(community, frequency=Frequency.DAILY, *, feature="", user=None, member=True):
    """A member (or, with member=False, just a reader of a public community) who follows it."""
    if member:
        user = member_of(community, user)
    elif user is None:
        from tests.accounts.factories import UserFactory

        user = UserFactory()
    subscribe(user=user, target=community, feature=feature, frequency=frequency)
    return user

"""Demo data (seed_demo): every demo membership follows its community with a daily digest (as
joining through the site does), and Alex Member follows the Social Media forum immediately."""

from communities.models import Membership

from .models import Frequency
from .services import subscribe, subscribe_on_join


def seed(ctx):
    for membership in Membership.objects.select_related("user", "community"):
        subscribe_on_join(user=membership.user, community=membership.community)
    member = ctx["users"].get("member")
    social = ctx.get("communities", {}).get("social")
    if member is not None and social is not None and social.has_feature("forum"):
        subscribe(user=member, target=social, feature="forum", frequency=Frequency.IMMEDIATE)

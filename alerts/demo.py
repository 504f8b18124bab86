"""Demo data (seed_demo): every demo member already follows their communities with a daily
digest (joining through the services subscribes them); Alex Member also follows the Social Media
forum immediately."""

from .models import Frequency
from .services import subscribe


def seed(ctx):
    member = ctx["users"].get("member")
    social = ctx.get("communities", {}).get("social")
    if member is not None and social is not None and social.has_feature("forum"):
        subscribe(user=member, target=social, feature="forum", frequency=Frequency.IMMEDIATE)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FacilitationConfig(AppConfig):
    name = "facilitation"
    verbose_name = _("Facilitation: this week in a community")

    def ready(self):
        from communities import signals

        from .services import departure_record

        def left(sender, user, community_ids, **kwargs):
            # The first id is the community the member left; the others are its
            # sub-communities, which they may never have joined, so only it is counted.
            if community_ids:
                departure_record(community_id=community_ids[0])

        signals.member_left.connect(left, weak=False, dispatch_uid="facilitation_left")

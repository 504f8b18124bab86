"""Checking many recipients' sight of the same communities, by the one rule, with few queries.

A digest batch asks, for each of hundreds of people, "which of these communities may they see
now?". Asking `Community.objects.visible_to(person)` for each costs a query (and, in Django, the
building of a large query) per person. `CommunitySight` gives the same answers with a constant
number of queries per batch, however many people and memberships it holds:

* the rule's catalogue (`communities.sight.Catalogue`: every community's status, visibility,
  parent and features, which `visible_to` reads too) is read once for the batch;
* the batch's memberships of the communities that matter (the closed ones and their
  ancestors) are read in one query;
* whether `visible_to(person)` includes a community C depends only on whether the person is
  signed in, whether they are a site admin, and their memberships of C and of C's ancestors.
  People in the same situation towards C get the same answer about C, so the catalogue's
  `visible_with` (what `visible_to` filters by) is asked once per distinct situation, in
  memory.

The rule itself is never re-implemented here: every answer comes from the code `visible_to`
runs (`Catalogue.visible_with`), or from `visible_to` itself for a person or community the batch
did not load (`questions` counts those queries).
"""

from functools import cached_property

from communities.models import Community, Membership, is_signed_in, is_site_admin
from communities.sight import Catalogue


class CommunitySight:
    def __init__(self, user_ids, community_ids):
        self.community_ids = community_ids = set(community_ids)
        self.user_ids = set(user_ids)
        self.catalogue = catalogue = Catalogue.read()
        self.open = community_ids & catalogue.open
        self.chains = {
            pk: frozenset(catalogue.chains[pk])
            for pk in community_ids - self.open
            if pk in catalogue.chains
        }
        relevant = frozenset().union(*self.chains.values())
        self.memberships = {}
        if relevant and self.user_ids:
            for user_id, community_id in Membership.objects.filter(
                user_id__in=self.user_ids, community_id__in=relevant
            ).values_list("user_id", "community_id"):
                self.memberships.setdefault(user_id, set()).add(community_id)
        self.answers = {}
        self.questions = 0

    @cached_property
    def features(self):
        """{pk: enabled features} of the batch's communities: the feature switches, which do
        not depend on the person (one query, when a row with a feature is asked about)."""
        return Community.objects.filter(pk__in=self.community_ids).enabled_features()

    def __call__(self, user, community_ids):
        """The ids among `community_ids` that `user` may see."""
        if not is_signed_in(user):
            return set()
        community_ids = set(community_ids)
        seen = community_ids & self.open
        asked = community_ids - seen
        if not asked:
            return seen
        if user.pk not in self.user_ids or not asked <= self.chains.keys():
            return seen | self._ask(user, asked)
        admin = is_site_admin(user)
        belongs = frozenset(self.memberships.get(user.pk, ()))
        situations = {pk: (admin, pk, belongs & self.chains[pk]) for pk in asked}
        unknown = [situation for situation in situations.values() if situation not in self.answers]
        if unknown:
            if admin:
                visible = self.catalogue.entries.keys()
            else:
                visible = self.catalogue.visible_with(belongs)
            for situation in unknown:
                self.answers[situation] = situation[1] in visible
        return seen | {pk for pk, situation in situations.items() if self.answers[situation]}

    def _ask(self, user, asked):
        self.questions += 1
        visible = Community.objects.visible_to(user).filter(pk__in=asked)
        return set(visible.values_list("pk", flat=True))

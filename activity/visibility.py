"""Checking many recipients' sight of the same communities, by the one rule, with few queries.

A digest batch asks, for each of hundreds of people, "which of these communities may they see
now?". Asking `Community.objects.visible_to(person)` for each costs a query (and, in Django, the
building of a large query) per person. `CommunitySight` gives the same answers with far fewer:

* communities open to everyone are found once for the batch (`communities_open_to_everyone`:
  the rule asked for a member of nothing; visibility only grows with memberships);
* for the others, whether `visible_to(person)` includes a community C depends only on whether
  the person is signed in, whether they are a site admin, and their memberships of C and of C's
  ancestors (the rule looks up the parent chain and nothing else). People in the same situation
  towards C get the same answer about C, so the rule is asked about C once per distinct
  situation: the first person who needs it is asked about every community still unanswered for
  them in one query, and everyone after them in the same situations reuses those answers.

The rule itself is never re-implemented here: every answer comes from `visible_to`.
"""

from collections import defaultdict
from functools import cached_property

from communities.models import MAX_DEPTH, Community, Membership, is_signed_in, is_site_admin

from .models import communities_open_to_everyone


class CommunitySight:
    def __init__(self, user_ids, community_ids):
        community_ids = set(community_ids)
        self.user_ids = set(user_ids)
        self.open = communities_open_to_everyone(community_ids)
        closed = community_ids - self.open
        ancestors = ["__".join(["parent"] * n) + "_id" for n in range(1, MAX_DEPTH + 1)]
        self.chains = {
            pk: {pk, *parents} - {None}
            for pk, *parents in Community.objects.filter(pk__in=closed).values_list(
                "pk", *ancestors
            )
        }
        relevant = set().union(*self.chains.values()) if self.chains else set()
        self.memberships = defaultdict(set)
        for user_id, community_id in Membership.objects.filter(
            user_id__in=self.user_ids, community_id__in=relevant
        ).values_list("user_id", "community_id"):
            self.memberships[user_id].add(community_id)
        self.community_ids = community_ids
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
        belongs = self.memberships[user.pk]
        situations = {pk: (admin, pk, frozenset(belongs & self.chains[pk])) for pk in asked}
        unknown = {pk for pk, situation in situations.items() if situation not in self.answers}
        if unknown:
            visible = self._ask(user, unknown)
            for pk in unknown:
                self.answers[situations[pk]] = pk in visible
        return seen | {pk for pk, situation in situations.items() if self.answers[situation]}

    def _ask(self, user, asked):
        self.questions += 1
        visible = Community.objects.visible_to(user).filter(pk__in=asked)
        return set(visible.values_list("pk", flat=True))

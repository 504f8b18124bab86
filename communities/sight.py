"""What a member may see: the visibility rule, worked out once per request and kept between them.

The rule (docs/communities.md) depends on two things only:

* the **catalogue**: every community's status, visibility, parent and chosen features. It is the
  same for everyone, small (one row per community), and changes rarely, so each process keeps
  one copy per *generation*: a token in the cache that any change to a community replaces.
* a member's **memberships**, kept in the cache per member under a token of their own that any
  change to one of their memberships replaces.

`sight_of(user)` combines them into a `Sight`: the ids of the communities whose content the user
may see, and the features each has switched on (with every ancestor). Querysets then filter by a
plain id list (`community_in`: one array parameter on PostgreSQL), which PostgreSQL plans in
microseconds, instead of unrolling the parent chain into nested subqueries on every query.

Fail-safe rules, because a stale answer would show private content:

* the tokens are read before the answer is worked out, and the answer is stored under them, so
  an answer worked out from data that changes meanwhile is stored under a token nobody asks for;
* a change replaces the token at once and again when its transaction commits; an answer worked out
  inside a transaction that has changed what the rule reads (and so may yet roll back to what no
  token describes) is never stored;
* the user's own account (signed in, suspended, site admin) is read from the User in hand, never
  from the cache;
* when the cache is unavailable, the answer is worked out from the database every time.
"""

import contextvars
import logging
import uuid
from dataclasses import dataclass
from functools import cached_property

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save

from core.queries import own_transaction
from core.roles import is_signed_in, is_site_admin

log = logging.getLogger(__name__)

CATALOGUE_TOKEN = "sight:catalogue"
MEMBERSHIPS_TOKEN = "sight:memberships"
# A member's cached memberships live for a day unless a change replaces them sooner.
MEMBERSHIPS_TIMEOUT = 24 * 60 * 60

# Per request (set by SightMiddleware): {user key: Sight}. Outside a request it is None and every
# call goes to the cache.
_request_memo = contextvars.ContextVar("sight_request_memo", default=None)
# Per process: (token, Catalogue) of the newest generation this process has read.
_catalogue_memo = [None]


@dataclass(frozen=True)
class Entry:
    parent_id: int | None
    approved: bool
    public: bool
    features: frozenset


class Catalogue:
    """Every community's place in the rule, with what follows from the parent chains."""

    def __init__(self, entries):
        self.entries = entries
        self.chains = {pk: self._chain(pk) for pk in entries}
        # A community's content is open to every signed-in member when it and every ancestor
        # are approved and public.
        self.open = frozenset(
            pk
            for pk, chain in self.chains.items()
            if all(entries[a].approved and entries[a].public for a in chain)
        )
        # A sub-community only has the features it chose and every ancestor still has.
        self.enabled = {
            pk: frozenset.intersection(*(entries[a].features for a in chain))
            for pk, chain in self.chains.items()
        }
        self.within = {}  # {pk: communities whose chain includes pk (itself included)}
        for pk, chain in self.chains.items():
            for ancestor in chain:
                self.within.setdefault(ancestor, set()).add(pk)
        # Communities with at least one approved sub-community.
        self.parents = frozenset(
            entry.parent_id for entry in entries.values() if entry.approved and entry.parent_id
        )
        self._having = {}  # {feature key: communities with it switched on}, filled on demand

    def having(self, feature):
        """Every community with `feature` switched on (and on in every ancestor); worked out
        once per catalogue, so a member's share of it is one set intersection."""
        found = self._having.get(feature)
        if found is None:
            found = frozenset(pk for pk, enabled in self.enabled.items() if feature in enabled)
            self._having[feature] = found
        return found

    def _chain(self, pk):
        chain = []
        while pk is not None and pk in self.entries and pk not in chain:
            chain.append(pk)
            pk = self.entries[pk].parent_id
        return tuple(chain)

    def visible_with(self, member_of):
        """Ids whose content a signed-in member of `member_of` (ids) may see: approved at every
        level of the chain, and at every level public or one they belong to."""
        seen = set(self.open)
        candidates = set()
        for pk in member_of:
            candidates |= self.within.get(pk, set())
        for pk in candidates - seen:
            if all(self._open_to(a, member_of) for a in self.chains[pk]):
                seen.add(pk)
        return frozenset(seen)

    def _open_to(self, pk, member_of):
        entry = self.entries[pk]
        return entry.approved and (entry.public or pk in member_of)

    @classmethod
    def read(cls):
        from .models import Community

        rows = Community.objects.order_by().values_list(
            "pk", "parent_id", "status", "visibility", "features"
        )
        return cls(
            {
                pk: Entry(
                    parent_id=parent_id,
                    approved=status == Community.Status.APPROVED,
                    public=visibility == Community.Visibility.PUBLIC,
                    features=frozenset(features or ()),
                )
                for pk, parent_id, status, visibility, features in rows
            }
        )


class Sight:
    """The communities whose content one user may see, and their switched-on features."""

    def __init__(self, catalogue, ids):
        self.catalogue = catalogue
        self.all = ids

    def ids(self, feature=None):
        """Visible communities, with `feature` switched on when one is given."""
        if feature is None:
            return self.all
        return self._with_feature[feature]

    def switched_off(self, feature):
        """Visible communities where `feature` is switched off (usually few or none)."""
        return self.all - self._with_feature[feature]

    @cached_property
    def features(self):
        """{pk: enabled feature keys} for every visible community."""
        return {pk: self.catalogue.enabled[pk] for pk in self.all}

    @cached_property
    def _with_feature(self):
        class ByFeature(dict):
            def __missing__(inner, key):
                inner[key] = self.all & self.catalogue.having(key)
                return inner[key]

        return ByFeature()

    def __contains__(self, pk):
        return pk in self.all

    def has_subcommunities(self, pk):
        """Whether community `pk` has an approved sub-community (so a page can skip asking
        for their names when it has none)."""
        return self.catalogue is not None and pk in self.catalogue.parents

    def rows_q(self, *, feature_column="feature", community_column="community_id"):
        """A Q for rows that name their community and feature in columns (activity, the bell):
        the community is visible and the row's feature ("" for none) is switched on there. The
        switched-off pairs are usually few, so they are what the SQL spells out."""
        from core import features as feature_registry

        from .querysets import community_in

        keys = feature_registry.keys()
        condition = community_in(self.all, column=community_column) & Q(
            **{f"{feature_column}__in": ["", *keys]}
        )
        for key in keys:
            off = self.switched_off(key)
            if off:
                condition &= ~(
                    Q(**{feature_column: key}) & community_in(off, column=community_column)
                )
        return condition


NOBODY = Sight(None, frozenset())


def sight_of(user):
    """What `user` may see now (the one rule); at most once per request."""
    if not is_signed_in(user):
        return NOBODY
    memo = _request_memo.get()
    key = (user.pk, is_site_admin(user))
    if memo is not None and key in memo:
        return memo[key]
    storing = _safe_to_store()
    tokens = _tokens(user)
    catalogue = _catalogue(tokens, storing)
    if is_site_admin(user):
        sight = Sight(catalogue, frozenset(catalogue.entries))
    else:
        sight = Sight(catalogue, catalogue.visible_with(_memberships(user, tokens, storing)))
    if memo is not None and storing:
        memo[key] = sight
    return sight


def _safe_to_store():
    """An answer may be kept unless this transaction changed what the rule reads: if it rolled
    back, nothing would renew the tokens again."""
    block = own_transaction()
    return block is None or getattr(connection, "sight_changed_in", None) is not block


def _member_key(user):
    # The account's creation time is part of the key, so a new account that reuses an id (test
    # databases rolled back) never meets an old account's cached memberships.
    joined = user.date_joined.timestamp() if getattr(user, "date_joined", None) else 0
    return f"sight:member:{user.pk}:{joined:.6f}"


def _tokens(user):
    """{key: token} for the catalogue, every member's memberships (renewed by bulk changes) and
    this member's memberships, made where missing, in one round trip; {} when the cache is
    unavailable."""
    keys = [CATALOGUE_TOKEN, MEMBERSHIPS_TOKEN, _member_key(user)]
    try:
        tokens = cache.get_many(keys)
        missing = [key for key in keys if key not in tokens]
        if missing:
            for key in missing:
                cache.add(key, uuid.uuid4().hex, None)
            tokens.update(cache.get_many(missing))
        return tokens if len(tokens) == len(keys) else {}
    except Exception:
        log.warning("sight: cache unavailable", exc_info=True)
        return {}


def _catalogue(tokens, storing):
    token = tokens.get(CATALOGUE_TOKEN)
    held = _catalogue_memo[0]
    if token is not None and held is not None and held[0] == token:
        return held[1]
    catalogue = Catalogue.read()
    if token is not None and storing:
        _catalogue_memo[0] = (token, catalogue)
    return catalogue


def _memberships(user, tokens, storing):
    from .models import Membership

    key = _member_key(user)
    data_key = None
    if tokens:
        data_key = f"{key}:{tokens[MEMBERSHIPS_TOKEN]}:{tokens[key]}"
        try:
            held = cache.get(data_key)
        except Exception:  # the cache went down: work it out from the database
            log.warning("sight: cache unavailable", exc_info=True)
            held, data_key = None, None
        if held is not None:
            return held
    member_of = frozenset(
        Membership.objects.filter(user_id=user.pk).values_list("community_id", flat=True)
    )
    if data_key is not None and storing:
        try:
            cache.set(data_key, member_of, MEMBERSHIPS_TIMEOUT)
        except Exception:
            log.warning("sight: cache unavailable", exc_info=True)
    return member_of


def _renew(key):
    """Replace the token now and again once the change commits (see the module docstring)."""

    def renew():
        if key == CATALOGUE_TOKEN:
            _catalogue_memo[0] = None
        try:
            cache.set(key, uuid.uuid4().hex, None)
        except Exception:
            # With the cache down nobody reads old answers; the token is renewed on the next
            # change. The risk is an answer stored before the outage outliving it, so say so.
            log.error("sight: could not renew %s", key, exc_info=True)
        memo = _request_memo.get()
        if memo is not None:
            memo.clear()

    renew()
    block = own_transaction()
    if block is not None:
        connection.sight_changed_in = block
    transaction.on_commit(renew)


def communities_changed():
    """Call after changing communities in bulk (`update()`, `bulk_create()`...)."""
    _renew(CATALOGUE_TOKEN)


def memberships_changed():
    """Call after changing memberships in bulk: every member's cached memberships are renewed."""
    _renew(MEMBERSHIPS_TOKEN)


def community_changed(sender, instance, **kwargs):
    communities_changed()


def membership_changed(sender, instance, **kwargs):
    from django.contrib.auth import get_user_model

    try:
        user = instance.user
    except get_user_model().DoesNotExist:
        return  # the account is going: a new one never meets its key (see _member_key)
    _renew(_member_key(user))


def connect():
    """Any saved or deleted community or membership renews the tokens it affects. Saves are
    rare (counters and last-activity times are updated with `update()`, which the rule does not
    read), so renewing on every save costs little and misses nothing. Bulk changes go through
    the querysets in models.py, which call communities_changed / memberships_changed."""
    from .models import Community, Membership

    post_save.connect(community_changed, sender=Community, dispatch_uid="sight-community-save")
    post_delete.connect(community_changed, sender=Community, dispatch_uid="sight-community-del")
    post_save.connect(membership_changed, sender=Membership, dispatch_uid="sight-member-save")
    post_delete.connect(membership_changed, sender=Membership, dispatch_uid="sight-member-del")


class SightMiddleware:
    """Gives each request its own memo, so the rule is worked out once per user per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reset = _request_memo.set({})
        try:
            return self.get_response(request)
        finally:
            _request_memo.reset(reset)

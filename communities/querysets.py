"""Base classes for content that lives inside a community (topics, wiki pages, documents…).

Feature apps build on these so that no view, feed, search, tag page, stream or email filters
visibility by hand:

    class Topic(CommunityScopedModel):
        ...
        objects = TopicQuerySet.as_manager()   # TopicQuerySet(CommunityScopedQuerySet)

    Topic.objects.visible_to(request.user)
"""

import collections
import functools

from django.core.exceptions import EmptyResultSet
from django.db import connection, models
from django.db.models import BooleanField, F, Func, Q, Value
from django.db.models.expressions import Col
from django.db.models.lookups import Exact
from django.db.models.sql.where import AND

from core import features as feature_registry
from core.models import TimeStampedModel
from core.roles import is_signed_in, is_site_admin


class IsAnyOf(Func):
    """`expression = ANY(%s::bigint[])`, the ids sent as one array parameter (PostgreSQL).
    Search filters on every community a member can see, hundreds of ids: as one parameter they
    cost Django nothing to prepare, where `__in` prepares and compiles each one.

    The array is cast to bigint[], the type of the id columns it is compared with: PostgreSQL
    hashes `= ANY(array)` only when both sides have the same type (psycopg sends small ids as
    smallint[]), and otherwise compares each row with every id in turn (a search over 1,300
    visible communities: 16 µs a row instead of 0.3).

    The ids go as one array literal string ("{1,2,3}"), written once per distinct set: given
    a list, psycopg works out a type for it and writes every element, about a millisecond of
    CPU per query for a member who can see 1,300 communities, on every query that filters by
    visibility."""

    output_field = BooleanField()

    def __init__(self, expression, values):
        super().__init__(expression)
        self.ids = values if isinstance(values, frozenset) else frozenset(values)
        self.values = array_literal(self.ids)

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"{sql} = ANY(%s::bigint[])", (*params, self.values)


@functools.lru_cache(maxsize=512)
def array_literal(ids):
    """PostgreSQL's text form of an integer array, for a frozenset of ids. Kept per set: the
    same member's visible communities are asked about on every page."""
    return "{" + ",".join(str(int(pk)) for pk in sorted(ids)) + "}"


def community_in(ids, *, column="community_id", use_index=True):
    """A Q for rows whose `column` is one of these community ids (an already-read list, such
    as the ids of Community.objects.visible_to(user)). `use_index=False` hides the column from
    PostgreSQL's planner, so it checks rows it found another way instead of the column's
    index."""
    if connection.vendor != "postgresql":
        return Q(**{f"{column}__in": ids})
    return Q(IsAnyOf(F(column) if use_index else F(column) + 0, ids))


class IsInRows(Func):
    """`expression IN (<sql>)`: a self-contained query, already compiled (see visible_ids)."""

    output_field = BooleanField()

    def __init__(self, expression, sql, params):
        super().__init__(expression)
        self.sql, self.params = sql, tuple(params)

    def as_sql(self, compiler, connection, **extra):
        column, column_params = compiler.compile(self.source_expressions[0])
        return f"{column} IN ({self.sql})", (*column_params, *self.params)


# (the catalogue the rules were compiled against, {key: (sql, params)}): a new catalogue
# generation empties it, so no old catalogue is kept alive by it.
_compiled_rules = [None, collections.OrderedDict()]
COMPILED_RULES_KEPT = 256


def compiled_for_sight(user, name, build):
    """The (sql, params) that `build()` compiles, kept per process for each user and state of
    what they may see, under `name`.

    Building and compiling a query through the rule costs milliseconds of CPU (a blog entry's
    nested conditions, the bell's switched-off features); when the SQL depends only on who asks
    (id, roles) and their sight (the communities they may see and the catalogue's generation),
    those are the key, and a new catalogue generation empties the store. So `build` must read
    nothing else: no clock, no request, nothing of the user but what the key holds. `build` may
    raise EmptyResultSet; that is kept as `()`."""
    from .sight import sight_of

    sight = sight_of(user)
    if _compiled_rules[0] is not sight.catalogue:
        _compiled_rules[:] = [sight.catalogue, collections.OrderedDict()]
    rules = _compiled_rules[1]
    key = (name, user.pk, is_signed_in(user), is_site_admin(user), sight.all)
    held = rules.get(key)
    if held is None:
        try:
            held = build()
        except EmptyResultSet:
            held = ()
        rules[key] = held
        while len(rules) > COMPILED_RULES_KEPT:
            rules.popitem(last=False)
    else:
        rules.move_to_end(key)
    return held


def visible_ids(model, user, column, **options):
    """A Q for rows whose `column` holds the id of a `model` row that
    `model.objects.visible_to(user)` lets `user` see: that rule as a subquery, compiled once
    per process for each user and state of what they may see (compiled_for_sight), and reused.
    A model whose rule reads anything else of the user must not be asked through here.
    `options` go to visible_to and are part of the key (so they must be hashable: a frozenset
    of ids)."""

    def build():
        rows = model._default_manager.visible_to(user, **options)
        # Without its ordering, as Django compiles an `__in` subquery: an ORDER BY inside
        # makes PostgreSQL cost a sort of every row the rule could match.
        return rows.order_by().values("pk").query.sql_with_params()

    name = (model._meta.label, *sorted(options.items()))
    held = compiled_for_sight(user, name, build)
    if not held:
        return Q(pk__in=[])
    return Q(IsInRows(F(column), *held))


class FeatureOn(Func):
    """True when a community's `features` JSON list holds `key` (a feature key, or a column of
    the row being filtered, such as Activity.feature)."""

    output_field = BooleanField()

    def __init__(self, features, key):
        if isinstance(key, str):
            key = Value(key)
        super().__init__(features, key)

    def as_sql(self, compiler, connection, **extra):
        features, features_params = compiler.compile(self.source_expressions[0])
        key, key_params = compiler.compile(self.source_expressions[1])
        # Both parts are compiled expressions with their own parameters, not user input.
        sql = f"EXISTS (SELECT 1 FROM json_each({features}) WHERE json_each.value = {key})"  # noqa: S608
        return sql, (*features_params, *key_params)

    def as_postgresql(self, compiler, connection, **extra):
        features, features_params = compiler.compile(self.source_expressions[0])
        key, key_params = compiler.compile(self.source_expressions[1])
        return f"({features} @> jsonb_build_array(({key})::text))", (
            *features_params,
            *key_params,
        )


def feature_switched_on(key, prefix=""):
    """A Q for communities (reached through `prefix`, e.g. "community__") that have the feature
    `key` switched on, along with every ancestor: a sub-community only has what its parents
    still have. `key` is a feature key or an expression such as F("feature")."""
    from .models import MAX_DEPTH

    def level(n):
        path = prefix + "parent__" * n
        here = Q(FeatureOn(F(f"{path}features"), key))
        if n == MAX_DEPTH:
            return here
        return here & (Q(**{f"{path}parent__isnull": True}) | level(n + 1))

    return level(0)


class CommunityScopedQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Items whose community's content `user` may see and that has the items' feature
        switched on: the one rule (communities.sight), as a list of community ids."""
        from .sight import sight_of

        return self.filter(community_in(sight_of(user).ids(feature_registry.of_model(self.model))))

    def in_community(self, community):
        """Items of one community. After visible_to, when the community is among the visible
        ids, `community = c` says all the array said: the array is left out, so PostgreSQL
        does not weigh (and cost index scans for) a thousand ids it cannot use. Otherwise both
        conditions stay, and nothing matches."""
        rows = self._chain()
        pk = getattr(community, "pk", community)
        where = rows.query.where
        if where.connector == AND and not where.negated and not rows.query.combinator:
            for node in where.children:
                if _is_own_community_array(node, rows.query) and pk in node.lhs.ids:
                    where.children.remove(node)
                    break
        return rows.filter(community=community)

    def not_archived(self):
        """Items in communities still open for new activity (for alerts, "what's new")."""
        from .models import archived_condition

        return self.exclude(archived_condition("community__"))


def _is_own_community_array(node, query):
    """Whether a WHERE node is visible_to's `community_id = ANY(ids)` on the query's own table."""
    array = getattr(node, "lhs", None)
    if not isinstance(node, Exact) or not isinstance(array, IsAnyOf) or node.rhs is not True:
        return False
    column = array.source_expressions[0]
    return (
        isinstance(column, Col)
        and column.alias == query.base_table
        and column.target.column == "community_id"
    )


class CommunityScopedModel(TimeStampedModel):
    community = models.ForeignKey(
        "communities.Community",
        on_delete=models.CASCADE,
        related_name="%(app_label)s_%(class)s_set",
        db_index=True,
    )

    objects = CommunityScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def visibility_sentence(self):
        """Every item says who can see it, in the words of its community's rule."""
        return self.community.visibility_sentence

"""The "What's happening" panel on My home."""

from django.db.models import F

from communities.querysets import IsInRows, compiled_for_sight
from core.services import register_home_section

from .models import Activity
from .services import drop_missing

HOME_ITEMS = 8


class _AnyOfRows(IsInRows):
    """`expression = ANY(ARRAY(<sql>))` on PostgreSQL (core.queries.among's form: the newest
    ids are read first, then looked up by index), `IN (<sql>)` elsewhere."""

    def as_postgresql(self, compiler, connection, **extra):
        column, column_params = compiler.compile(self.source_expressions[0])
        return f"{column} = ANY(ARRAY({self.sql}))", (*column_params, *self.params)


@register_home_section
def whats_happening(user):
    """The newest rows the member may see: `activity.streams.stream_page`'s first page, with
    the newest ids' query (the activity rule, which reads only who asks and what they may
    see) compiled once per member and state of sight instead of on every My home; the rows
    are still read afresh each time."""

    def build():
        newest = Activity.objects.visible_to(user).order_by("-created", "-pk").values("pk")
        return newest[: HOME_ITEMS + 1].query.sql_with_params()

    held = compiled_for_sight(user, "my home activity", build)
    rows = []
    if held:
        newest = Activity.objects.filter(_AnyOfRows(F("pk"), *held))  # visibility: held
        rows = list(newest.newest_first())
    more = len(rows) > HOME_ITEMS
    return {
        "template": "activity/includes/_home_section.html",
        "rows": drop_missing(rows[:HOME_ITEMS]),
        "more": more,
    }

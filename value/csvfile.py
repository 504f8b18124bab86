"""The sponsor report's figures as CSV: one figure a row for a community, one community a row for
the site. Figures only; stories stay on the printable page, where their consent is shown."""

import csv
import io
from decimal import Decimal

from django.utils.translation import gettext

from .report import COLUMNS

# A cell that a spreadsheet would read as a formula is written as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _plain(value):
    """Numbers as they are; anything else (a toolkit's "4 of 6") as its words."""
    return value if isinstance(value, (int, float, str, Decimal)) else str(value)


def _write(rows):
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return out.getvalue()


def community_rows(report):
    period, usage = report["period"], report["usage"]
    p = usage["participation"]
    yield (gettext("Section"), gettext("Figure"), gettext("Value"))
    yield (gettext("Period"), gettext("Community"), report["community"].name)
    yield (gettext("Period"), gettext("From"), f"{period.start:%Y-%m-%d}")
    yield (gettext("Period"), gettext("To (inclusive)"), f"{period.last_day:%Y-%m-%d}")
    yield (gettext("Members"), gettext("Members at the end"), usage["members"]["total"])
    yield (gettext("Members"), gettext("New members"), usage["members"]["new"])
    for figure in usage["content"]:
        yield (gettext("Usage"), figure["label"], figure["value"])
    yield (gettext("Participation"), gettext("Active contributors"), p["active"])
    yield (gettext("Participation"), gettext("Creators"), p["creators"])
    yield (gettext("Participation"), gettext("Contributors"), p["contributors"])
    yield (gettext("Participation"), gettext("Readers"), p["readers"])
    health = report["health"]
    if health:
        for label, now, _before in health["rows"]:
            yield (gettext("Health"), label, now)
    yield (gettext("Events"), gettext("Events held"), report["events"]["held"])
    yield (gettext("Events"), gettext("Attendees"), report["events"]["attendees"])
    yield (gettext("Stage"), gettext("Lifecycle stage"), report["stage"]["current"])
    yield (
        gettext("Stage"),
        gettext("Toolkit tasks done"),
        str(report["stage"]["toolkit"]["progress"]),
    )
    yield (gettext("Stories"), gettext("Members who said it helped"), report["stories"]["total"])
    yield (gettext("Stories"), gettext("With a story"), report["stories"]["told"])
    yield (gettext("Stories"), gettext("Shareable stories"), report["stories"]["shareable"])
    for saving in report["savings"]:
        yield (
            gettext("Saved"),
            gettext("Total %(unit)s saved") % {"unit": saving["unit"]},
            saving["total"],
        )


def community_csv(report):
    return _write(community_rows(report))


def site_csv(report):
    rows = [[column.label for column in COLUMNS]]
    rows += [[_plain(row[column.key]) for column in COLUMNS] for row in report["rows"]]
    return _write(rows)

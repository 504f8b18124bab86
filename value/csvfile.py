"""The sponsor report's figures as CSV: one figure a row for a community, one community a row for
the site. Figures only; stories stay on the printable page, where their consent is shown."""

import csv
import io
from decimal import Decimal

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
    yield ("Section", "Figure", "Value")
    yield ("Period", "Community", report["community"].name)
    yield ("Period", "From", f"{period.start:%Y-%m-%d}")
    yield ("Period", "To (inclusive)", f"{period.last_day:%Y-%m-%d}")
    yield ("Members", "Members at the end", usage["members"]["total"])
    yield ("Members", "New members", usage["members"]["new"])
    for figure in usage["content"]:
        yield ("Usage", figure["label"], figure["value"])
    yield ("Participation", "Active contributors", p["active"])
    yield ("Participation", "Creators", p["creators"])
    yield ("Participation", "Contributors", p["contributors"])
    yield ("Participation", "Readers", p["readers"])
    health = report["health"]
    if health:
        for label, now, _before in health["rows"]:
            yield ("Health", label, now)
    yield ("Events", "Events held", report["events"]["held"])
    yield ("Events", "Attendees", report["events"]["attendees"])
    yield ("Stage", "Lifecycle stage", report["stage"]["current"])
    yield ("Stage", "Toolkit tasks done", str(report["stage"]["toolkit"]["progress"]))
    yield ("Stories", "Members who said it helped", report["stories"]["total"])
    yield ("Stories", "With a story", report["stories"]["told"])
    yield ("Stories", "Shareable stories", report["stories"]["shareable"])
    for saving in report["savings"]:
        yield ("Saved", f"Total {saving['unit']} saved", saving["total"])


def community_csv(report):
    return _write(community_rows(report))


def site_csv(report):
    rows = [[column.label for column in COLUMNS]]
    rows += [[_plain(row[column.key]) for column in COLUMNS] for row in report["rows"]]
    return _write(rows)

"""The time zones an organiser chooses from: canonical IANA zones only, grouped by region.

`zoneinfo.available_timezones()` lists every name the database knows, about 600 of them, a third
of which are backward-compatible aliases ("Asia/Calcutta" for "Asia/Kolkata", "US/Samoa" for
"Pacific/Pago_Pago", "GB", "Singapore", "Etc/GMT+5"). Offering them all makes a long list with
the same place under two names.

The canonical set is read from the time zone database's own tables rather than guessed from the
names: `zone.tab` and `zone1970.tab` list the zones meant for people to choose (at least one per
country, by their current names), and `tzdata.zi` names each alias with the zone it links to
(`L Asia/Kolkata Asia/Calcutta`). The tables are read from every place `zoneinfo` loads zones
from (the system's `zoneinfo.TZPATH` directories, then the `tzdata` package), and only names
`zoneinfo` can load are kept. Where no table can be found at all, a name filter on the IANA
regions stands in (it keeps a few aliases such as "America/Buenos_Aires", but never lists "US/…",
"Etc/…" or bare legacy names).

An event saved under an alias keeps working: `canonical()` maps a known alias to its zone (the
form shows and saves "Asia/Kolkata" for a stored "Asia/Calcutta"), and a name with no canonical
equivalent that `zoneinfo` still loads stays selectable on that event's form only.
"""

import os
import zoneinfo
from functools import lru_cache
from importlib import resources

REGIONS = (
    "Africa",
    "America",
    "Antarctica",
    "Arctic",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
)
UTC = "UTC"


def _table_texts(filename):
    """The text of `filename` from each source of zone data that has it."""
    texts = []
    for directory in zoneinfo.TZPATH:
        try:
            with open(os.path.join(directory, filename), encoding="utf-8") as table:
                texts.append(table.read())
        except OSError:
            continue
    try:
        texts.append(resources.files("tzdata.zoneinfo").joinpath(filename).read_text("utf-8"))
    except (ModuleNotFoundError, OSError):
        pass
    return texts


@lru_cache(maxsize=1)
def canonical_zones():
    """The names to offer: the zones of zone.tab and zone1970.tab that zoneinfo loads, and UTC."""
    loadable = zoneinfo.available_timezones()
    names = set()
    for filename in ("zone.tab", "zone1970.tab"):
        for text in _table_texts(filename):
            for line in text.splitlines():
                if line.startswith("#"):
                    continue
                columns = line.split("\t")
                if len(columns) >= 3:
                    names.add(columns[2].strip())
    if not names:
        names = {name for name in loadable if name.split("/", 1)[0] in REGIONS and "/" in name}
    return frozenset((names & loadable) | ({UTC} & loadable))


@lru_cache(maxsize=1)
def _aliases():
    """{alias: canonical zone} from the database's link lines, for aliases of offered zones."""
    links = {}
    for text in _table_texts("tzdata.zi"):
        for line in text.splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[0] == "L":
                links.setdefault(parts[2], parts[1])
    offered = canonical_zones()
    aliases = {}
    for alias, target in links.items():
        seen = {alias}
        while target not in offered and target in links and target not in seen:
            seen.add(target)
            target = links[target]
        if target in offered and alias not in offered:
            aliases[alias] = target
    for name in ("Etc/UTC", "Etc/UCT", "Etc/Universal", "Etc/Zulu", "UCT", "Universal", "Zulu"):
        aliases.setdefault(name, UTC)
    return aliases


def canonical(name):
    """The offered zone `name` stands for: itself, the zone an alias links to, or None."""
    if name in canonical_zones():
        return name
    return _aliases().get(name)


def _label(name):
    return name.split("/", 1)[-1].replace("_", " ").replace("/", " / ")


@lru_cache(maxsize=4)
def grouped_choices(default):
    """Choices for a <select>: `default` first (the site's zone), then one optgroup per region,
    places in alphabetical order, then UTC. The default is not repeated in its region."""
    default = canonical(default) or UTC
    regions = {}
    for name in canonical_zones() - {default, UTC}:
        region = name.split("/", 1)[0] if "/" in name else "Other"
        regions.setdefault(region, []).append((name, _label(name)))
    choices = [(default, default.replace("_", " "))]
    for region in sorted(regions):
        choices.append((region, sorted(regions[region], key=lambda choice: choice[1])))
    if default != UTC and UTC in canonical_zones():
        choices.append(("Universal", [(UTC, "UTC (Coordinated Universal Time)")]))
    return choices

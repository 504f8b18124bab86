"""Kitsune's guard, as a test: code that serves pages, feeds, search, streams or email must not
query community content (Community, and every model with a `community` field) without going
through the visibility rule.

A line that really does need an unfiltered query (for example a site-admin-only page) says why
with a trailing `# visibility: <reason>` comment.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SERVING_FILES = (
    "views.py",
    "feeds.py",
    "context_processors.py",
    "emails.py",
    "digests.py",
    "endpoints.py",
)
SERVING_DIRS = ("templatetags", "views")
UNFILTERED_CALL = r"\b({names})\.objects\.(all|filter|get|exclude|in_bulk)\("
ALLOWED_MANAGER_CALLS = re.compile(r"\.objects\.(visible_to|listed_to|listed_for)\(")


def serving_modules():
    for path in ROOT.glob("*/**/*.py"):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in {"tests", ".venv", "bench", "node_modules"}:
            continue
        if "migrations" in relative.parts:
            continue
        if path.name in SERVING_FILES or any(part in SERVING_DIRS for part in relative.parts[:-1]):
            yield path


def community_content_models():
    """Community itself and every model that belongs to a community."""
    from django.apps import apps

    names = set()
    for model in apps.get_models():
        field_names = {field.name for field in model._meta.get_fields()}
        if model.__name__ == "Community" or "community" in field_names:
            names.add(model.__name__)
    return names


def test_serving_code_never_queries_content_around_the_visibility_rule():
    names = community_content_models()
    if not names:
        return
    unfiltered = re.compile(UNFILTERED_CALL.format(names="|".join(sorted(names))))
    offences = []
    for path in serving_modules():
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if "# visibility:" in line or ALLOWED_MANAGER_CALLS.search(line):
                continue
            if unfiltered.search(line):
                offences.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offences, (
        "Queries that bypass visible_to(); use the rule or justify with '# visibility: why':\n"
        + "\n".join(offences)
    )

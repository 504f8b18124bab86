"""Search without PostgreSQL (SQLite in `make run` and quick tests): a small websearch-like
parser and substring matching, every word in the title, tags or body, title matches first."""

import re

from django.db.models import Case, IntegerField, Q, Value, When

TOKEN = re.compile(r'(-?)"([^"]*)"|(\S+)')


def first_phrase(q):
    """The words of the first quoted phrase, when the query has no `or` (so every match must
    contain them all); else None."""
    if re.search(r"(?i)(^|\s)or(\s|$)", q or ""):
        return None
    groups, _ = parse_terms(q)
    for group in groups:
        if " " in group[0]:
            return " ".join(group[0].split()[:6])
    return None


def parse_terms(q):
    """'budget "social care" -housing or care' -> groups of alternatives, and exclusions."""
    groups, excluded, join_next = [], [], False
    for negated, phrase, word in TOKEN.findall(q or ""):
        if word and word.lower() == "or" and groups:
            join_next = True
            continue
        text = phrase if phrase or not word else word
        if word.startswith("-") and len(word) > 1:
            negated, text = "-", word[1:]
        text = text.strip()
        if not text:
            continue
        if negated:
            excluded.append(text)
        elif join_next:
            groups[-1].append(text)
        else:
            groups.append([text])
        join_next = False
    return groups, excluded


def _contains(term):
    return Q(title__icontains=term) | Q(tags__icontains=term) | Q(body__icontains=term)


def matching(rows, q):
    """`rows` with every word (or one of each `or` group), without the excluded ones, with a
    `rank` for title and tag matches."""
    groups, excluded = parse_terms(q)
    if not groups:
        return rows.none()
    for group in groups:
        alternatives = Q(pk__in=[])
        for term in group:
            alternatives |= _contains(term)
        rows = rows.filter(alternatives)
    for term in excluded:
        rows = rows.exclude(_contains(term))
    score = Value(0)
    for group in groups:
        for term in group:
            score = score + Case(
                When(title__icontains=term, then=Value(4)),
                When(tags__icontains=term, then=Value(2)),
                default=Value(1),
                output_field=IntegerField(),
            )
    return rows.annotate(rank=score)

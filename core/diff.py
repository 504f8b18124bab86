"""A readable diff between two versions of a text, paragraph by paragraph: wiki revisions, and
the conflict panel of every edit form (core/concurrency.py).

The sanitised HTML of each version becomes a list of paragraphs of plain text (headings, list
items, table cells and paragraphs each one); difflib lines them up, and a changed paragraph is
shown once with the words taken out in <del> and the words put in in <ins>. Both carry
visually-hidden "removed:"/"added:" words and are struck through/underlined, so the change never
depends on colour. Everything members wrote is escaped here; only our own markup is added.
"""

import difflib
import html
import re
from dataclasses import dataclass

import nh3
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

BLOCK_END = re.compile(
    r"<(br|/p|/li|/h\d|/tr|/td|/th|/blockquote|/pre|/caption|hr)\b[^>]*>", re.IGNORECASE
)
WORDS = re.compile(r"\s+|[^\s]+")
CONTEXT = 1  # unchanged paragraphs shown around each change


def paragraphs(value):
    """Sanitised HTML → its paragraphs as plain text (empty ones dropped)."""
    if not value:
        return []
    text = nh3.clean(BLOCK_END.sub("\n", value), tags=set(), clean_content_tags={"script", "style"})
    lines = (" ".join(html.unescape(line).split()) for line in text.split("\n"))
    return [line for line in lines if line]


def _mark(kind, text):
    label = "removed" if kind == "del" else "added"
    said = gettext("removed") if kind == "del" else gettext("added")
    return (
        f'<{kind} class="diff__{label}"><span class="visually-hidden">[{html.escape(said)}: </span>'
        f'{html.escape(text)}<span class="visually-hidden">]</span></{kind}>'
    )


def inline_diff(old, new):
    """One paragraph changed: the words kept, removed and added, in reading order. Changes
    separated only by a space are shown as one ("Steve Dale" → "Dave Briggs", not two)."""
    old_words, new_words = WORDS.findall(old), WORDS.findall(new)
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    segments = []  # [kept, removed, added] triples, merged across whitespace-only gaps
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        removed, added = "".join(old_words[a1:a2]), "".join(new_words[b1:b2])
        if op == "equal":
            segments.append([removed, "", ""])
        elif (
            segments
            and segments[-1][0].isspace()
            and len(segments) > 1
            and (segments[-2][1] or segments[-2][2])
        ):
            gap = segments.pop()[0]
            previous = segments[-1]
            previous[1] += gap + removed if op != "insert" else gap
            previous[2] += gap + added if op != "delete" else gap
        else:
            segments.append(
                ["", removed if op != "insert" else "", added if op != "delete" else ""]
            )
    out = []
    for kept, removed, added in segments:
        if kept:
            out.append(html.escape(kept))
        if removed.strip():
            out.append(_mark("del", removed))
        if added.strip():
            out.append(_mark("ins", added))
    return mark_safe("".join(out))  # noqa: S308 - every piece of member text escaped above


@dataclass
class DiffRow:
    kind: str  # "same", "changed", "removed", "added", "skipped"
    html: str = ""
    skipped: int = 0


def diff_rows(old_html, new_html):
    """Rows for templates/includes/_diff.html; [] when the texts are the same."""
    return _rows(paragraphs(old_html), paragraphs(new_html))


def text_diff_rows(old_text, new_text):
    """The same for plain text (a textarea that is not rich text): one paragraph a line, so
    markup-like words a member typed are compared as they are, never parsed."""
    return _rows(_lines(old_text), _lines(new_text))


def _lines(value):
    lines = (" ".join(line.split()) for line in (value or "").splitlines())
    return [line for line in lines if line]


def _rows(old, new):
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    rows = []
    opcodes = matcher.get_opcodes()
    if all(op == "equal" for op, *_ in opcodes):
        return []
    for index, (op, a1, a2, b1, b2) in enumerate(opcodes):
        if op == "equal":
            block = old[a1:a2]
            head = block[:CONTEXT] if index > 0 else []
            tail = block[-CONTEXT:] if index < len(opcodes) - 1 else []
            if len(block) <= len(head) + len(tail):
                head, tail = block, []
            skipped = len(block) - len(head) - len(tail)
            rows += [DiffRow("same", mark_safe(html.escape(p))) for p in head]  # noqa: S308
            if skipped:
                rows.append(DiffRow("skipped", skipped=skipped))
            rows += [DiffRow("same", mark_safe(html.escape(p))) for p in tail]  # noqa: S308
        elif op == "replace":
            pairs = min(a2 - a1, b2 - b1)
            for offset in range(pairs):
                rows.append(DiffRow("changed", inline_diff(old[a1 + offset], new[b1 + offset])))
            rows += [DiffRow("removed", _block("del", p)) for p in old[a1 + pairs : a2]]
            rows += [DiffRow("added", _block("ins", p)) for p in new[b1 + pairs : b2]]
        elif op == "delete":
            rows += [DiffRow("removed", _block("del", p)) for p in old[a1:a2]]
        elif op == "insert":
            rows += [DiffRow("added", _block("ins", p)) for p in new[b1:b2]]
    return rows


def _block(kind, text):
    return mark_safe(_mark(kind, text))  # noqa: S308 - escaped in _mark


def title_change(old_title, new_title):
    if old_title == new_title:
        return None
    return inline_diff(old_title, new_title)

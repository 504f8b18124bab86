"""Control characters in text: members never mean them, and stored text must not hold them.

RSS, Atom and the rest of XML 1.0 cannot carry most of them at all, iCalendar forbids them in
text values, and email headers must never gain a line break from what someone typed. Tab and
newline are ordinary text, and so is a carriage return that is part of a CRLF line ending (how
browsers send a textarea); everything else below space, and DEL, goes.

`strip_control_chars` is the one function for it. `StripControlCharsMiddleware` runs it over
every submitted form field (plain text and rich text alike), the rich-text pipeline runs it after
sanitising (HTML character references can spell them), and feeds and exports run it on output
for anything stored some other way.
"""

import re

from django.http import QueryDict

CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\r(?!\n)")


def strip_control_chars(value):
    """`value` without control characters other than tab, newline and CR before a newline."""
    if not value:
        return value
    return CONTROL_CHARS.sub("", str(value))


def strip_control_chars_deep(value):
    """The same for every string inside lists, tuples and dicts (for JSON exports)."""
    if isinstance(value, str):
        return strip_control_chars(value)
    if isinstance(value, dict):
        return {
            strip_control_chars_deep(key): strip_control_chars_deep(item)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [strip_control_chars_deep(item) for item in value]
    return value


def _has_control_chars(data):
    return any(
        CONTROL_CHARS.search(key) or any(CONTROL_CHARS.search(value) for value in values)
        for key, values in data.lists()
    )


def _cleaned_query_dict(data):
    cleaned = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        cleaned.setlist(strip_control_chars(key), [strip_control_chars(v) for v in values])
    cleaned._mutable = False
    return cleaned


class StripControlCharsMiddleware:
    """Every form on the site is bound to `request.POST`, so this is where typed text loses its
    control characters: titles, names, bodies, comments and messages alike, in every app and in
    the admin, without any form having to remember. Uploaded files are left alone.

    It runs in `process_view`, after CsrfViewMiddleware has read the form (so a request whose
    body cannot be read fails there, as before)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method == "POST" and _has_control_chars(request.POST):
            request.POST = _cleaned_query_dict(request.POST)
        return None

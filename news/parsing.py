"""Turning fetched bytes into items with feedparser, and every summary through the one sanitiser."""

import hashlib
import io
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit
from xml.sax import SAXException

import feedparser
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from richtext.sanitise import html_to_text, sanitise_html

from .fetching import FetchError

MAX_SUMMARY_INPUT = 20_000  # characters of a summary looked at (sanitising fixes cut markup)


@dataclass
class ParsedItem:
    guid: str
    title: str
    link: str
    summary: str
    published_at: datetime


def _http_link(value):
    value = (value or "").strip()
    if not value or len(value) > 1000:
        return ""
    return value if urlsplit(value).scheme in {"http", "https"} else ""


def _when(entry, now):
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            try:
                value = datetime(*parsed[:6], tzinfo=UTC)
            except (TypeError, ValueError):
                continue
            # A feed dated in the future would sit on top for ever.
            return min(value, now)
    return now


IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)


def _summary(entry):
    """The shared sanitiser's allowlist, then without images: the allowlist only keeps images
    from our own storage, so a feed's images would be left as empty <img> tags (no source, no
    text alternative) that help nobody."""
    text = entry.get("summary") or ""
    if not text and entry.get("content"):
        text = entry["content"][0].get("value", "")
    return IMG.sub("", sanitise_html(text[:MAX_SUMMARY_INPUT])).replace("<p></p>", "")


def parse_feed(body, *, url="", content_type=""):
    """[ParsedItem], newest first. Raises FetchError when the bytes are not a readable feed."""
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(io.BytesIO(body), response_headers=headers)
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    # Broken XML is refused even when a lenient parser could salvage something from it (a
    # truncated download would otherwise become half an item). Other "bozo" notes, such as a
    # wrong Content-Type or encoding, are harmless.
    if isinstance(problem, SAXException) or (problem and not parsed.entries):
        detail = f" ({Truncator(str(problem)).chars(120)})"
        raise FetchError(
            _("this is not a readable RSS or Atom feed%(detail)s.") % {"detail": detail}
        )
    if not parsed.entries and not parsed.feed.get("title"):
        raise FetchError(_("this is not an RSS or Atom feed (no feed title and no items)."))
    now = timezone.now()
    items, seen = [], set()
    for entry in parsed.entries:
        title = Truncator(html_to_text(entry.get("title") or "")).chars(300) or "(untitled)"
        link = _http_link(entry.get("link"))
        summary = _summary(entry)
        guid = (entry.get("id") or link or "").strip()[:500]
        if not guid:
            guid = (
                "sha1:"
                + hashlib.sha1(  # noqa: S324 - an identifier, not security
                    f"{title}\n{summary}".encode()
                ).hexdigest()
            )
        if guid in seen:
            continue
        seen.add(guid)
        items.append(
            ParsedItem(
                guid=guid, title=title, link=link, summary=summary, published_at=_when(entry, now)
            )
        )
    items.sort(key=lambda item: item.published_at, reverse=True)
    return items

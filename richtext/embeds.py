"""Video embeds: a YouTube or Vimeo address on a line of its own becomes a player, built by us.

Members never supply an iframe (the sanitiser drops every one). What is stored is the link; at
display time `expand_embeds` swaps a paragraph that holds nothing but such a link for the
privacy-enhanced player (youtube-nocookie.com, Vimeo with dnt=1), keeping the link below it for
people who cannot use the player. Only a video id that matches a strict pattern is ever put into
the player address; the CSP's frame-src allows exactly these two origins.
"""

import html
import re
from urllib.parse import parse_qs, urlsplit

from django.template.loader import render_to_string

YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
VIMEO_ID = re.compile(r"^\d{1,12}$")
YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com"}
NOCOOKIE_HOSTS = {"youtube-nocookie.com", "www.youtube-nocookie.com"}
VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}


def parse_video_url(url):
    """('youtube' | 'vimeo', id) for a video address we can embed, else None."""
    try:
        parts = urlsplit((url or "").strip())
    except ValueError:
        return None
    if parts.scheme not in {"http", "https"}:
        return None
    host = (parts.hostname or "").lower()
    segments = [s for s in parts.path.split("/") if s]
    candidate = None
    if host in YOUTUBE_HOSTS:
        if segments[:1] == ["watch"]:
            candidate = (parse_qs(parts.query).get("v") or [None])[0]
        elif len(segments) >= 2 and segments[0] in {"embed", "shorts", "live", "v"}:
            candidate = segments[1]
        return ("youtube", candidate) if candidate and YOUTUBE_ID.match(candidate) else None
    if host == "youtu.be" or host in NOCOOKIE_HOSTS:
        if host in NOCOOKIE_HOSTS and segments[:1] == ["embed"]:
            segments = segments[1:]
        candidate = segments[0] if segments else None
        return ("youtube", candidate) if candidate and YOUTUBE_ID.match(candidate) else None
    if host in VIMEO_HOSTS:
        if host == "player.vimeo.com" and segments[:1] == ["video"]:
            segments = segments[1:]
        numeric = [s for s in segments if VIMEO_ID.match(s)]
        return ("vimeo", numeric[-1]) if numeric else None
    return None


def player_url(provider, video_id):
    if provider == "youtube":
        return f"https://www.youtube-nocookie.com/embed/{video_id}"
    return f"https://player.vimeo.com/video/{video_id}?dnt=1"


PROVIDER_NAMES = {"youtube": "YouTube", "vimeo": "Vimeo"}

# A paragraph holding one link and nothing else (what the linkifier makes of a pasted address).
LONE_LINK = re.compile(r"<p>\s*<a\b[^>]*?\bhref=\"([^\"]+)\"[^>]*>([^<]*)</a>\s*</p>")


def expand_embeds(value):
    """Replace lone video links in sanitised HTML with our own player markup."""
    if not value or "<a" not in value:
        return value

    def replace(match):
        url = html.unescape(match.group(1))
        video = parse_video_url(url)
        if video is None:
            return match.group(0)
        provider, video_id = video
        text = html.unescape(match.group(2)).strip()
        return render_to_string(
            "richtext/includes/_embed.html",
            {
                "provider": PROVIDER_NAMES[provider],
                "player_url": player_url(provider, video_id),
                "url": url,
                "label": text if text and text != url else "",
            },
        )

    return LONE_LINK.sub(replace, value)

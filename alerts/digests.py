"""Daily and weekly digests, built from the event log and sent exactly once per person and period.

How a run works (alerts.tasks):

1. `send_digests(kind)` (Celery beat: daily 07:00, weekly Monday 07:00, Europe/London) works out
   the period that just ended and the people who may have something in it, and queues them in
   batches of ALERTS_DIGEST_BATCH_SIZE ids. It does the same for the ALERTS_DIGEST_CATCH_UP_PERIODS
   - 1 periods before (the catch-up pass): anyone whose digest of a recent period is due and was
   never sent (its batch was lost, or the run never happened) is queued again.
2. `send_digest_batch` calls `deliver_batch`: one query for the batch's subscriptions, one for
   the candidate activity (any row any of them could match), then for each person: pick their
   items (the most specific subscription decides, see alerts.matching; never their own posts)
   and re-check every item against the visibility rule *now* (`visible_among`, with a
   `CommunitySight` for the batch), skipping them if nothing is left. The others are claimed
   CLAIM_CHUNK at a time in one statement, then each is written, sent over the batch's SMTP
   connection (or one of ALERTS_DIGEST_CONNECTIONS, a thread each) and confirmed on their own
   (alerts.delivery). A community's section is built once
   per batch for everyone who gets the same rows of it, and rendered once per sending process
   for everyone who gets it from the same words (`DigestWriter`, `build_groups`).
3. When the mail server cannot take a message, the batch stops and the task retries the people
   not yet sent with backoff for EMAIL_RETRY_HOURS (core.delivery); a refused address (5xx) is
   recorded and skipped, and addresses flagged after repeated refusals are not sent to.

Exactly once: each person's SentDigest row (unique on person, kind, period start) is claimed
in its own committed transaction before the message goes to the server, with a Message-ID
derived from that key, and confirmed as sent afterwards (alerts.delivery explains the steps and
the one remaining window).
"""

import hashlib
import io
import logging
import re
import uuid
from collections import Counter, OrderedDict, defaultdict
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from email.generator import BytesGenerator
from email.message import Message
from email.utils import formatdate
from functools import cached_property
from threading import Event, Lock
from time import monotonic

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.core.mail.message import forbid_multi_line_headers, sanitize_address
from django.db import connection as db_connection
from django.db import connections as db_connections
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, gettext_lazy, ngettext

from accounts.models import User
from activity import verbs
from activity.models import Activity, Verb, action_key_of
from activity.services import drop_missing
from activity.visibility import CommunitySight
from communities.models import Community
from core import features as feature_registry
from core.delivery import TRANSIENT_ERRORS, message_id
from core.email import render_email, render_text
from core.text import strip_control_chars

from . import delivery
from .clicks import count_digests, tracked_path
from .delivery import BUSY, CLAIMED, claim_many, flagged, release, send_claimed
from .matching import activity_q, community_type_id, decide, keys_for, user_type_id
from .models import AlertPreferences, Delivery, Frequency, SentDigest, Subscription
from .services import unsubscribe_token

log = logging.getLogger(__name__)

TOP_ITEMS_PER_COMMUNITY = 5
COMMUNITY_NEWS = gettext_lazy("Community news")  # the heading for rows that belong to no feature


def batch_size():
    return getattr(settings, "ALERTS_DIGEST_BATCH_SIZE", 1000)


# --- periods ------------------------------------------------------------------------------------
def _midnight(day):
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_current_timezone())


def period_starting(kind, first_day):
    """[start, end) of the `kind` digest whose first day is `first_day` (local midnights)."""
    kind = Frequency(kind)
    days = 1 if kind == Frequency.DAILY else 7
    return _midnight(first_day), _midnight(first_day + timedelta(days=days))


def latest_period(kind, now=None):
    """The most recent whole period: yesterday for daily digests; last Monday–Sunday for weekly."""
    today = timezone.localtime(now or timezone.now()).date()
    if Frequency(kind) == Frequency.DAILY:
        return period_starting(kind, today - timedelta(days=1))
    this_monday = today - timedelta(days=today.weekday())
    return period_starting(kind, this_monday - timedelta(days=7))


def recent_periods(kind, count, now=None):
    """The latest whole period and the `count` - 1 before it, newest first."""
    start, _ = latest_period(kind, now)
    days = 1 if Frequency(kind) == Frequency.DAILY else 7
    first_day = timezone.localtime(start).date()
    return [period_starting(kind, first_day - timedelta(days=days * n)) for n in range(count)]


def parse_day(value):
    return value if isinstance(value, date) else date.fromisoformat(value)


# --- who may get one ----------------------------------------------------------------------------
def recipients(kind, start, end, *, subscribed_before=None):
    """Ids of active, unpaused people with a `kind` subscription on something that had activity
    in the period, and no digest sent (or given up on) for it yet. Every id is re-checked by
    deliver_batch. `subscribed_before` leaves out subscriptions made since (the catch-up pass:
    following something today is no reason to get the digest of a week ago)."""
    log_rows = Activity.objects.for_digest(start, end)
    subject_activity = log_rows.filter(
        subject_type_id=OuterRef("target_type_id"), subject_id=OuterRef("target_id")
    )
    blog_activity = log_rows.filter(verb=Verb.BLOG_PUBLISHED, actor_id=OuterRef("target_id"))
    with_activity = (
        Q(
            target_type_id=community_type_id(),
            target_id__in=log_rows.exclude(community_id=None).values("community_id"),
        )
        | Q(target_type_id=user_type_id(), feature="blogs", has_blog=True)
        | Q(has_subject=True)
    )
    already = SentDigest.objects.filter(
        user_id=OuterRef("user_id"),
        kind=kind,
        period_start=start,
        status__in=[Delivery.SENT, Delivery.FAILED],
    )
    paused = AlertPreferences.objects.filter(user_id=OuterRef("user_id"), paused=True)
    subscriptions = Subscription.objects.filter(frequency=kind, user__is_active=True)
    if subscribed_before is not None:
        subscriptions = subscriptions.filter(created__lt=subscribed_before)
    return list(
        subscriptions.annotate(has_subject=Exists(subject_activity), has_blog=Exists(blog_activity))
        .filter(with_activity)
        .exclude(Exists(already))
        .exclude(Exists(paused))
        .order_by("user_id")
        .values_list("user_id", flat=True)
        .distinct()
    )


# --- building one digest ------------------------------------------------------------------------
def absolute(path):
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + path


def _people(names):
    names = list(dict.fromkeys(names))
    if len(names) <= 3:
        if len(names) == 1:
            return names[0]
        return gettext("%(names)s and %(last)s") % {
            "names": ", ".join(names[:-1]),
            "last": names[-1],
        }
    return gettext("%(names)s and %(count)s others") % {
        "names": ", ".join(names[:2]),
        "count": len(names) - 2,
    }


class DigestItem:
    """One line of a digest: everything new about one subject (a topic and its replies)."""

    def __init__(self, key, joined):
        self.key = key
        self.rows = []
        self.joined = joined  # Verb.MEMBER_JOINED, looked up once per batch

    @property
    def latest(self):
        return self.rows[-1]

    @property
    def count(self):
        return len(self.rows)

    @cached_property
    def is_arrivals(self):
        return self.latest.verb == self.joined

    @cached_property
    def people(self):
        return _people(row.actor_name for row in self.rows)

    @cached_property
    def lead(self):
        """Text before the linked title."""
        if self.is_arrivals:
            return ngettext("New member:", "New members:", self.count)
        if self.count == 1:
            return f"{self.latest.actor_name} {self.latest.phrase}"
        return ""

    @cached_property
    def title(self):
        return self.people if self.is_arrivals else self.latest.title

    @cached_property
    def tail(self):
        """Text after the linked title."""
        if self.count > 1 and not self.is_arrivals:
            return gettext(": %(count)s updates from %(people)s") % {
                "count": self.count,
                "people": self.people,
            }
        return ""

    @property
    def link(self):
        """Where the item leads, before signing (the signed link carries the time)."""
        return (self.latest.url, self.latest.community_id)

    @cached_property
    def url(self):
        """Through the counting redirect (alerts.clicks): the same link for everyone."""
        return absolute(tracked_path(self.latest.url, self.latest.community_id))

    @cached_property
    def excerpt(self):
        return "" if self.is_arrivals else self.latest.excerpt


def _group_key(row, joined, stage_changed):
    if row.verb == joined:
        return ("joined", row.community_id)
    if row.verb == stage_changed:
        return ("stage", row.pk)
    return ("subject", row.subject_type_id, row.subject_id)


def _build_group(rows, more_url_for, headings, joined, stage_changed):
    """One community's section (rows oldest first): its top items by feature and how many more
    there are. Nothing is cut silently: `more` and `more_url` say so."""
    items = {}
    for row in rows:
        key = _group_key(row, joined, stage_changed)
        items.setdefault(key, DigestItem(key, joined)).rows.append(row)
    community = rows[0].community
    ranked = sorted(
        items.values(), key=lambda item: (item.count, item.latest.created), reverse=True
    )
    shown = ranked[:TOP_ITEMS_PER_COMMUNITY]
    features = []
    for key, heading in headings:
        in_feature = [item for item in shown if item.latest.feature == key]
        if in_feature:
            features.append({"heading": heading, "items": in_feature})
    return {
        "name": community.name if community else gettext("Blogs you follow"),
        "url": absolute(community.get_absolute_url()) if community else "",
        "features": features,
        "more": len(ranked) - len(shown),
        "more_url": more_url_for(community) if community else "",
        "count": len(rows),
    }


def build_groups(rows, more_url_for, sections=None, period=None):
    """Rows (oldest first) → communities (A–Z, personal blogs last), each with its top items by
    feature and how many more there are. `sections` (a dict kept for a batch) holds each
    community's section by the rows it was built from: everyone in the batch who gets the same
    rows of a community gets the same section, built once. With the `period` being sent, each
    section comes built and rendered from the process's cache when made from the same words
    (`_RENDERED`)."""
    sections = {} if sections is None else sections
    by_community = defaultdict(list)
    for row in rows:
        by_community[row.community_id].append(row)
    headings = None
    groups = []
    for community_id, community_rows in by_community.items():
        key = (community_id, tuple(row.pk for row in community_rows))
        group = sections.get(key)
        if group is None and period is not None:
            words = _words(community_rows, period)
            group = _RENDERED.get(words)
            if group is not None:
                _RENDERED.move_to_end(words)
                sections[key] = group
        if group is None:
            if headings is None:
                features = feature_registry.features()
                headings = [*((f.key, f.label) for f in features), ("", COMMUNITY_NEWS)]
                joined, stage_changed = Verb.MEMBER_JOINED, Verb.STAGE_CHANGED
            group = _build_group(community_rows, more_url_for, headings, joined, stage_changed)
            sections[key] = group
            if period is not None:
                group["text"], group["html"] = render_group(group)
                _RENDERED[words] = group
                if len(_RENDERED) > RENDERED_KEPT:
                    _RENDERED.popitem(last=False)
        groups.append(group)
    groups.sort(key=lambda g: (g["name"] == "Blogs you follow", g["name"].lower()))
    return groups


def _community_activity_url(community):
    return absolute(reverse("activity:community", kwargs={"slug": community.slug}))


# Built and rendered sections, kept by each sending process for as long as they are asked for:
# the same community's news reaches thousands of people, batch after batch. The key is a digest
# of everything a section is made from (`_words`): equal words, equal section. The least
# recently used are dropped first.
_RENDERED = OrderedDict()
RENDERED_KEPT = 12000


def _words(rows, period):
    """Everything a section is made from, as one digest: each row's columns that the section
    reads (and its actor's name), the community's, the language and the site's address. Item
    links are signed when the section is rendered; the period is part of the key, so a section
    is reused within a run and its signed links are never older than the run."""
    community = rows[0].community
    words = (
        period,
        get_language(),
        settings.SITE_URL,
        (community.pk, community.name, community.slug) if community else None,
        tuple(
            (
                row.pk,
                row.verb,
                row.community_id,
                row.subject_type_id,
                row.subject_id,
                row.feature,
                row.created,
                row.actor_id,
                row.actor_name,
                row.title,
                row.excerpt,
                row.url,
            )
            for row in rows
        ),
    )
    return hashlib.blake2b(repr(words).encode(), digest_size=20).digest()


def render_group(group):
    """The section's (text, HTML), without control characters, as every message carries it."""
    context = {"group": group}
    return (
        strip_control_chars(render_to_string("alerts/email/_digest_group.txt", context)),
        mark_safe(
            strip_control_chars(render_to_string("alerts/email/_digest_group.html", context))
        ),
    )


def render_groups(groups):
    """Give each group not rendered yet its rendered text and HTML."""
    for group in groups:
        if "html" not in group:
            group["text"], group["html"] = render_group(group)
    return groups


class DigestWriter:
    """Writes one period's digests for a batch: what is the same for everyone (the period, the
    links, the headers, the frame of the message, each community's section) is worked out once;
    each message adds only what is the person's own (their name, their sections, their
    unsubscribe link, the subject's counts).

    The frame is the digest templates rendered once with slots (random per writer, so no
    content can forge one) where the person's parts go; filling a slot escapes for HTML exactly
    as the template would. `render_email` of the same context gives the same message."""

    UNSUBSCRIBE_TOKEN = "0-unsubscribe-token-0"  # stands for the person's token in the link
    SUBJECTS_KEPT = 1000

    def __init__(self, kind, start, end):
        self.kind = kind = Frequency(kind)
        self.start, self.end = start, end
        self.sections = {}
        unsubscribe = reverse("alerts:unsubscribe", kwargs={"token": self.UNSUBSCRIBE_TOKEN})
        self.unsubscribe_url = absolute(unsubscribe)
        self.shared_context = {
            "kind": kind.label.lower(),
            "is_daily": kind == Frequency.DAILY,
            "start": timezone.localtime(start),
            "last_day": timezone.localtime(end - timedelta(microseconds=1)),
            "my_alerts_url": absolute(reverse("alerts:mine")),
            "site_url": settings.SITE_URL,
        }
        self.headers = list_headers(self.UNSUBSCRIBE_TOKEN, kind)
        self.subjects = {}
        self.subject_lines = {}

    @cached_property
    def slots(self):
        mark = uuid.uuid4().hex
        return {part: f"slot{mark}{part}" for part in ("name", "groups", "unsubscribe")}

    @cached_property
    def frame(self):
        """(text, HTML) of the message with the slots in place of the person's parts."""
        slots = self.slots
        context = {
            **self.shared_context,
            "name": slots["name"],
            "groups": [{"text": slots["groups"], "html": mark_safe(slots["groups"])}],
            "unsubscribe_url": slots["unsubscribe"],
        }
        _, text, html = render_email("alerts/email/digest", {**context, "item_count": 1})
        return text, html

    def subject(self, context):
        """The subject depends on the counts (and one community's name) only: rendered once
        for each."""
        groups = context["groups"]
        key = (
            context["item_count"],
            context["community_count"],
            groups[0]["name"] if len(groups) == 1 else None,
        )
        subject = self.subjects.get(key)
        if subject is None:
            if len(self.subjects) >= self.SUBJECTS_KEPT:
                self.subjects.clear()
            text = render_text(
                "alerts/email/digest.subject.txt", {"SITE_NAME": settings.SITE_NAME, **context}
            )
            subject = self.subjects[key] = " ".join(text.split())
        return subject

    def _fill(self, frame, name, groups, unsubscribe_url):
        slots = self.slots
        return (
            frame.replace(slots["name"], name)
            .replace(slots["unsubscribe"], unsubscribe_url)
            .replace(slots["groups"], groups)
        )

    def message(self, user, rows, connection=None):
        groups = build_groups(rows, _community_activity_url, self.sections, (self.kind, self.start))
        token = unsubscribe_token(user=user, kind=self.kind)
        unsubscribe_url = self.unsubscribe_url.replace(self.UNSUBSCRIBE_TOKEN, token)
        context = {
            **self.shared_context,
            "name": user.display_name,
            "groups": groups,
            "item_count": len(rows),
            "community_count": len(groups),
            "unsubscribe_url": unsubscribe_url,
        }
        subject = self.subject(context)
        text_frame, html_frame = self.frame
        name = strip_control_chars(str(user.display_name))
        text = self._fill(
            text_frame, name, "".join(group["text"] for group in groups), unsubscribe_url
        )
        html = self._fill(
            html_frame,
            conditional_escape(name),
            "".join(group["html"] for group in groups),
            conditional_escape(unsubscribe_url),
        )
        headers = {
            **self.headers,
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "Message-ID": digest_message_id(self.kind, self.start, user.pk),
        }
        message = DigestMessage(
            subject=subject,
            body=text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[user.email],
            headers=headers,
            connection=connection,
        )
        message.attach_alternative(html, "text/html")
        if type(connection) is SMTPBackend and settings.DEFAULT_CHARSET.lower() == "utf-8":
            message.wire = self.wire(subject, user.email, headers, text, html)
            if message.wire is not None:
                message.envelope = (self.envelope_from, [_envelope_address(user.email)])
        return message

    @cached_property
    def envelope_from(self):
        return sanitize_address(settings.DEFAULT_FROM_EMAIL, settings.DEFAULT_CHARSET)

    @cached_property
    def wire_parts(self):
        """What every message's bytes share, made once per writer: the multipart header with
        its boundary (random per writer), From, the list headers and the parts' headers."""
        boundary = f"{'=' * 15}{uuid.uuid4().int % 10**19:019d}=="  # as the email package
        fixed = b"".join(
            _header_bytes(name, value)
            for name, value in self.headers.items()
            if name not in ("List-Unsubscribe", "Message-ID")
        )
        part = 'Content-Type: text/%s; charset="utf-8"\r\nMIME-Version: 1.0\r\n'
        part += "Content-Transfer-Encoding: %s\r\n\r\n"
        return {
            "boundary": boundary,
            "top": (
                f'Content-Type: multipart/alternative;\r\n boundary="{boundary}"\r\n'
                "MIME-Version: 1.0\r\n"
            ).encode(),
            "from": _header_bytes("From", settings.DEFAULT_FROM_EMAIL),
            "list": fixed,
            # A part is 7bit when it is all ASCII, else 8bit, as Django's UTF-8 parts are.
            **{
                (subtype, ascii): (
                    f"\r\n--{boundary}\r\n" + part % (subtype, "7bit" if ascii else "8bit")
                ).encode()
                for subtype in ("plain", "html")
                for ascii in (True, False)
            },
            "end": f"\r\n--{boundary}--\r\n".encode(),
        }

    def wire(self, subject, address, headers, text, html):
        """The message's bytes as Django's message().as_bytes() gives them (but for the
        boundary and the Date's second), or None to leave the message to Django: an address or
        header that needs encoding or folding, a line too long for 8bit, a break other than
        a newline, the boundary inside the text."""
        parts = self.wire_parts
        boundary = parts["boundary"]
        plain, rich = _part_bytes(text), _part_bytes(html)
        if plain is None or rich is None or boundary in text or boundary in html:
            return None
        to = _token_header("To", address)
        unsubscribe = _token_header("List-Unsubscribe", headers["List-Unsubscribe"])
        message_id = _token_header("Message-ID", headers["Message-ID"])
        if to is None or unsubscribe is None or message_id is None:
            return None
        subject_line = self.subject_lines.get(subject)
        if subject_line is None:
            if len(self.subject_lines) >= self.SUBJECTS_KEPT:
                self.subject_lines.clear()
            subject_line = self.subject_lines[subject] = _header_bytes("Subject", subject)
        date = _token_header("Date", formatdate(localtime=settings.EMAIL_USE_LOCALTIME), True)
        return b"".join(
            (
                parts["top"],
                subject_line,
                parts["from"],
                to,
                date,
                unsubscribe,
                parts["list"],
                message_id,
                parts["plain", plain.isascii()],
                plain,
                parts["html", rich.isascii()],
                rich,
                parts["end"],
            )
        )


class DigestMessage(EmailMultiAlternatives):
    """A digest as Django's message, plus the bytes for an SMTP server (`wire`) made by the
    writer from parts prepared once per batch, and their envelope (`envelope`: the sender
    and recipients as Django's SMTP backend gives them). Without them (another backend, a
    message the writer leaves to Django) it is sent as any message."""

    wire = None
    envelope = None

    def send(self, fail_silently=False):
        backend = self.get_connection(fail_silently)
        smtp = getattr(backend, "connection", None)
        if self.wire is None or type(backend) is not SMTPBackend or smtp is None:
            return super().send(fail_silently)
        # What the backend's send_messages does with an open connection, less the MIME work.
        smtp.sendmail(*self.envelope, self.wire)
        return 1


# Header lines Django's messages fold past this length; a body line longer than the other
# goes quoted-printable (left to Django).
FOLD_AT = 78
LONGEST_LINE = 998
# Breaks the email generator and str.splitlines() see differently from "\n" (left to Django).
_ODD_BREAKS = re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_TOKEN = re.compile(r"[!-~]+")
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_PLAIN_ADDRESS = re.compile(rf"{_ATOM}(\.{_ATOM})*@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*")


def _envelope_address(address):
    """The address as Django's SMTP backend gives it to the server: a plain ASCII address is
    itself; anything else goes through Django's sanitize_address."""
    if _PLAIN_ADDRESS.fullmatch(address):
        return address
    return sanitize_address(address, settings.DEFAULT_CHARSET)


def _header_bytes(name, value):
    """One header as Django's message writes it (encoded and folded), CRLF-terminated."""
    message = Message()
    message[name] = forbid_multi_line_headers(name, value, settings.DEFAULT_CHARSET)[1]
    out = io.BytesIO()
    BytesGenerator(out, mangle_from_=False).flatten(message, linesep="\r\n")
    return out.getvalue()[:-2]  # less the blank line that ends the headers


def _token_header(name, value, spaces=False):
    """A header whose value is one printable ASCII word (or, with `spaces`, words that fit on
    one line), written as Django's message writes it: on one line when it fits, else on the
    next. None when it is neither (the caller leaves the message to Django)."""
    line = f"{name}: {value}"
    if spaces:
        words = value.split(" ")
        if len(line) <= FOLD_AT and all(_TOKEN.fullmatch(word) for word in words):
            return f"{line}\r\n".encode()
        return None
    if not _TOKEN.fullmatch(value):
        return None
    if len(line) <= FOLD_AT:
        return f"{line}\r\n".encode()
    if len(value) + 1 > LONGEST_LINE:
        return None
    return f"{name}: \r\n {value}\r\n".encode()


def _part_bytes(text):
    """A text part's body as Django writes it (UTF-8, 8bit, CRLF), or None when Django would
    write it otherwise (quoted-printable for long lines) or its breaks need the generator."""
    if _ODD_BREAKS.search(text):
        return None
    body = text.encode()
    if len(body) > LONGEST_LINE and any(len(line) > LONGEST_LINE for line in body.split(b"\n")):
        return None
    return body.replace(b"\n", b"\r\n")


def digest_message_id(kind, start, user_id):
    """The same for every attempt at this person's digest of this period."""
    return message_id("digest", kind, timezone.localtime(start).date().isoformat(), user_id)


def list_headers(unsubscribe_url, list_name):
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "localhost"
    return {
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"{list_name} alerts <{list_name}.alerts.{host}>",
        "Auto-Submitted": "auto-generated",
    }


# --- sending a batch ----------------------------------------------------------------------------
def _subscriptions_by_user(user_ids):
    by_user = defaultdict(dict)
    for user_id, type_id, target_id, feature, frequency in Subscription.objects.filter(
        user_id__in=user_ids
    ).values_list("user_id", "target_type_id", "target_id", "feature", "frequency"):
        by_user[user_id][(type_id, target_id, feature)] = frequency
    return by_user


class _Index:
    """Candidate rows by the subscription keys that can reach them (keys_for is remembered on
    each row, so working them out here serves every reader of the batch)."""

    def __init__(self, rows):
        self.by_key = defaultdict(list)
        for row in rows:
            for key in keys_for(row):
                self.by_key[key].append(row)

    def rows_for(self, keys):
        found = {}
        for key in keys:
            for row in self.by_key.get(key, ()):
                found[row.pk] = row
        return found.values()


def items_for(user, subscriptions, index, kind):
    """The rows this person's `kind` digest would carry, before the visibility check."""
    wanted = [key for key, frequency in subscriptions.items() if frequency == kind]
    user_id = user.pk
    if len(wanted) == len(subscriptions):
        # Every subscription is of this kind, so whichever decides a row reached by one of
        # them says `kind` (the usual case: asking `decide` would only say so again).
        reached = (row for row in index.rows_for(wanted) if row.actor_id != user_id)
    else:
        reached = (
            row
            for row in index.rows_for(wanted)
            if row.actor_id != user_id and decide(subscriptions, row)[0] == kind
        )
    rows = sorted(reached, key=_oldest_first)
    once = {}
    for row in rows:  # one action logged in several communities is one item
        once.setdefault(row.action_key, row)
    return list(once.values())


def _oldest_first(row):
    return (row.created, row.pk)


# The activity columns a digest reads, and of its actor and community (a batch reads thousands).
ACTIVITY_COLUMNS = tuple(f.attname for f in Activity._meta.concrete_fields)
RELATED_COLUMNS = ("actor__name", "community__name", "community__slug", "community__stage")


class DigestRow:
    """One candidate activity row as plain values (a batch reads thousands, and every reader
    asks about most of them: model instances cost several times more). It answers what
    digests, `keys_for` and `Activity.objects.visible_among` ask of an Activity, the same way:
    `is_hidden`, `phrase` and the actor's name are Activity's own code."""

    __slots__ = (*ACTIVITY_COLUMNS, "_actor_name", "community", "action_key", "_subscription_keys")

    is_hidden = Activity.is_hidden
    phrase = Activity.phrase

    @property
    def pk(self):
        return self.id

    @property
    def actor(self):
        """A stand-in for the actor with the one column read (their name)."""
        if self.actor_id is None:
            return None
        return _Actor(self.actor_id, self._actor_name)

    actor_name = Activity.actor_name

    def __repr__(self):
        return f"<DigestRow {self.id} {self.verb}>"


class _Actor:
    """What a digest reads of a row's actor: the name, shown as the User model shows it."""

    __slots__ = ("pk", "name")

    def __init__(self, pk, name):
        self.pk, self.name = pk, name

    display_name = User.display_name


def candidate_rows(queryset):
    """`queryset`'s rows (Activity) as DigestRows, each community one stand-in Community with
    the columns read (name, slug, stage), and each row's action key worked out with the
    personal verbs looked up once."""
    communities = {}
    personal = verbs.personal()
    rows = []
    width = len(ACTIVITY_COLUMNS)
    for values in queryset.values_list(*ACTIVITY_COLUMNS, *RELATED_COLUMNS):
        row = DigestRow()
        for name, value in zip(ACTIVITY_COLUMNS, values, strict=False):
            setattr(row, name, value)
        actor_name, community_name, slug, stage = values[width:]
        row._actor_name = actor_name
        community = None
        if row.community_id is not None:
            community = communities.get(row.community_id)
            if community is None:
                community = communities[row.community_id] = Community(
                    pk=row.community_id, name=community_name, slug=slug, stage=stage
                )
        row.community = community
        row.action_key = action_key_of(row, personal)
        rows.append(row)
    return rows


@dataclass
class BatchOutcome:
    sent: int = 0
    # Claimed by another sender moments ago: look again once EMAIL_CLAIM_TIMEOUT has passed.
    waiting: list = field(default_factory=list)
    # Not sent because the mail server could not take a message (`error`): retry them later.
    unsent: list = field(default_factory=list)
    error: Exception | None = None


def send_batch(kind, start, end, user_ids):
    """Send the digests of a batch and return how many were sent (see deliver_batch)."""
    return deliver_batch(kind, start, end, user_ids).sent


class _Batch:
    """The people of a batch still to get this period's digest, and what each would get."""

    def __init__(self, kind, start, end, user_ids):
        self.kind = kind = Frequency(kind)
        done = set(
            SentDigest.objects.filter(
                user_id__in=user_ids,
                kind=kind,
                period_start=start,
                status__in=[Delivery.SENT, Delivery.FAILED],
            ).values_list("user_id", flat=True)
        )
        paused = set(
            AlertPreferences.objects.filter(user_id__in=user_ids, paused=True).values_list(
                "user_id", flat=True
            )
        )
        users = [
            user
            for user in get_user_model()
            .objects.filter(pk__in=user_ids, is_active=True)
            .order_by("pk")
            if user.pk not in done and user.pk not in paused
        ]
        skipped = flagged(user.email for user in users)
        self.users = [user for user in users if user.email.lower() not in skipped]
        self.subscriptions = _subscriptions_by_user([user.pk for user in self.users])
        wanted = {
            key
            for subs in self.subscriptions.values()
            for key, frequency in subs.items()
            if frequency == kind
        }
        if not wanted:
            self.users = []
            return
        candidates = candidate_rows(
            Activity.objects.for_digest(start, end)
            .filter(activity_q(wanted))
            .order_by("created", "pk")
        )
        candidates = drop_missing(candidates)
        self.index = _Index(candidates)
        self.sight = CommunitySight(
            [user.pk for user in self.users], {row.community_id for row in candidates}
        )

    def rows_for(self, user):
        """This person's items, checked against the one visibility rule now ([] = no digest)."""
        rows = items_for(user, self.subscriptions.get(user.pk, {}), self.index, self.kind)
        if not rows:
            return []
        allowed = Activity.objects.visible_among(user, rows, community_sight=self.sight)
        return [row for row in rows if row.pk in allowed]


# Claims are made this many at a time, in one committed statement (alerts.delivery.claim_many).
CLAIM_CHUNK = 100


def connections_per_batch():
    """SMTP connections a batch sends over at once (ALERTS_DIGEST_CONNECTIONS), each from a
    thread of its own with its own database connection. Inside a transaction (tests) and on
    SQLite, one: another connection would not see the transaction's rows, and SQLite takes one
    writer at a time."""
    wanted = max(1, int(getattr(settings, "ALERTS_DIGEST_CONNECTIONS", 1)))
    if db_connection.in_atomic_block or db_connection.vendor != "postgresql":
        return 1
    return wanted


def deliver_batch(kind, start, end, user_ids):
    """Send this period's `kind` digest to each of `user_ids` who has something and has not had
    it yet. Safe to run any number of times, concurrently too; the outcome says who is left.

    The people are shared out between `connections_per_batch()` lanes, each with its own SMTP
    connection (one lane: this thread; more: a thread each, so one lane's waiting for the
    server or the database overlaps another's). In each lane people are claimed CLAIM_CHUNK at
    a time, then each is sent and confirmed on their own, so a crash leaves at most one message
    sent and not confirmed per lane. Claims of a chunk are only used while they are younger
    than half of EMAIL_CLAIM_TIMEOUT (one send takes at most EMAIL_TIMEOUT, less than a third of
    it): past that, the rest of the chunk is given back and claimed again, so no claim of ours
    can look stale to another sender while we send. The first of a chunk, claimed moments ago,
    is always sent, so a batch always moves on. When the server cannot take a message, every
    lane stops before its next one."""
    kind = Frequency(kind)
    batch = _Batch(kind, start, end, user_ids)
    todo = [(user, rows) for user in batch.users if (rows := batch.rows_for(user))]
    if not todo:
        return BatchOutcome()
    lanes = min(connections_per_batch(), len(todo))
    lane = _Lane(kind, start, end, DigestWriter(kind, start, end), threaded=lanes > 1)
    if lanes == 1:
        return lane.run(todo)
    with ThreadPoolExecutor(lanes, thread_name_prefix="digest-lane") as pool:
        futures = [pool.submit(lane.run_in_thread, todo[n::lanes]) for n in range(lanes)]
        try:
            parts = [future.result() for future in futures]
        finally:
            lane.stop.set()  # an error here (a time limit) stops the other lanes too
    outcome = BatchOutcome()
    for part in parts:
        outcome.sent += part.sent
        outcome.waiting += part.waiting
        outcome.unsent += part.unsent
        outcome.error = outcome.error or part.error
    return outcome


class _Lane:
    """Claims, sends and confirms a share of a batch's people over one SMTP connection. Every
    lane of a batch shares the writer (under a lock: its caches are plain dicts) and `stop`."""

    def __init__(self, kind, start, end, writer, *, threaded):
        self.kind, self.start, self.end = kind, start, end
        self.writer = writer
        self.writing = Lock() if threaded else nullcontext()
        self.stop = Event()
        # A thread starts with the default language and time zone: lanes use the caller's.
        self.language = get_language()
        self.zone = timezone.get_current_timezone()

    def run_in_thread(self, todo):
        try:
            with translation.override(self.language), timezone.override(self.zone):
                return self.run(todo)
        finally:
            db_connections.close_all()  # this thread's own (each thread has its own)

    def run(self, todo):
        """Send to `todo` ((user, rows) pairs) and return the outcome."""
        outcome = BatchOutcome()
        reached = Counter()  # digests sent per community they carried (alerts.clicks)
        connection = get_connection()
        try:
            connection.open()  # one SMTP session for the lane (send() would reconnect each time)
        except TRANSIENT_ERRORS as error:
            self.stop.set()
            outcome.unsent, outcome.error = [user.pk for user, _ in todo], error
            return outcome
        untried = {}  # claimed and not yet tried: given back if the lane stops before them
        try:
            while todo:
                if self.stop.is_set():
                    outcome.unsent += [user.pk for user, _ in todo]
                    return outcome
                chunk, todo = todo[:CLAIM_CHUNK], todo[CLAIM_CHUNK:]
                claims = claim_many(
                    SentDigest,
                    [
                        (
                            {
                                "user_id": user.pk,
                                "kind": self.kind.value,
                                "period_start": self.start,
                            },
                            {"period_end": self.end, "item_count": len(rows)},
                        )
                        for user, rows in chunk
                    ],
                )
                usable_until = monotonic() + settings.EMAIL_CLAIM_TIMEOUT / 2
                ours = []
                for (user, rows), (state, pk) in zip(chunk, claims, strict=True):
                    if state == BUSY:
                        outcome.waiting.append(user.pk)
                    elif state == CLAIMED:
                        ours.append((user, rows, pk))
                        untried[pk] = user
                for position, (user, rows, pk) in enumerate(ours):
                    with self.writing:
                        message = self.writer.message(user, rows, connection)
                    if position and (monotonic() > usable_until or self.stop.is_set()):
                        left = ours[position:]
                        release(SentDigest, [pk for _, _, pk in left])
                        untried.clear()
                        todo = [(user, rows) for user, rows, _ in left] + todo
                        break
                    del untried[pk]
                    status, error = send_claimed(SentDigest, pk, message, user)
                    if status == Delivery.FAILED:
                        continue
                    if status == Delivery.PENDING:
                        self.stop.set()
                        left = [user.pk for user, _, _ in ours[position:]]
                        outcome.unsent = left + [user.pk for user, _ in todo]
                        outcome.error = error
                        return outcome
                    outcome.sent += 1
                    reached.update({row.community_id for row in rows if row.community_id})
        finally:
            release(SentDigest, list(untried))
            count_digests(reached)
            try:
                connection.close()
            except TRANSIENT_ERRORS:
                pass
        return outcome


def give_up(kind, start, end, user_ids, error):
    """The mail server did not take these digests within EMAIL_RETRY_HOURS: record each as not
    delivered (SentDigest "failed", and the address's EmailFailure), so that admins see it."""
    batch = _Batch(kind, start, end, user_ids)
    for user in batch.users:
        if not batch.rows_for(user):
            continue
        delivery.give_up(
            SentDigest,
            {"user_id": user.pk, "kind": Frequency(kind).value, "period_start": start},
            {"period_end": end},
            error,
        )
        what = f"{kind} digest from {start:%Y-%m-%d}"
        delivery.record_undelivered(user.email, f"{what}: {error}", user)

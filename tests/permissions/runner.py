"""Runs one matrix row for every role against one world.

Each role's request runs in a savepoint that is rolled back afterwards, with an empty cache, a
fresh client and an empty outbox, so whatever one role's POST changes, the next role meets the
world as it was built.
"""

import traceback
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.permissions.matrix import ROLES


class _Undo(Exception):
    """Raised at the end of a role's savepoint so that `atomic` rolls it back."""


@dataclass
class Outcome:
    role: str
    expected: int
    status: int | None = None
    url: str = ""
    location: str = ""
    error: BaseException | None = None

    @property
    def ok(self):
        return self.error is None and self.status == self.expected

    def __str__(self):
        if self.error is not None:
            trace = "".join(traceback.format_exception(self.error)).rstrip()
            return f"{self.role} raised, expected {self.expected}, for {self.url}:\n{trace}"
        where = f" (redirects to {self.location})" if self.location else ""
        return f"{self.role} got {self.status}{where}, expected {self.expected}, for {self.url}"


def sign_in(client, user):
    # A fresh copy: signing in saves last_login on the object it is given.
    client.force_login(get_user_model().objects.get(pk=user.pk))


def sign_in_once(world):
    """Each signed-in role's session, made once for a world that outlives its rows.

    The same sign-in every request would make (force_login), made after the world is built and
    kept in the world's transaction; each role's request still runs in a savepoint rolled back
    afterwards, so whatever a request does to its session, the next one meets it as it was made.
    Sign-in itself is tested by the accounts and browser tests, not by each matrix request.
    """
    for role, user in world.users.items():
        if user is not None:
            client = Client()
            sign_in(client, user)
            world.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value


# The request handler (its middleware chain) every matrix request goes through, per MIDDLEWARE
# setting: a server loads its middleware once and serves every request with it, where a new test
# Client loads it again on its first request (about 4% of a matrix request's time).
_handlers = {}


def fresh_client():
    """A client with no cookies, on the process's shared request handler."""
    client = Client()
    key = tuple(settings.MIDDLEWARE)
    client.handler = _handlers.setdefault(key, client.handler)
    return client


def request_as(row, world, outcome, canaries):
    """One role's request, filling in `outcome`; the caller wraps it in a savepoint."""
    client = fresh_client()
    user = world.users[outcome.role]
    if outcome.role in world.sessions:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[outcome.role]
    elif user is not None:
        sign_in(client, user)
    url = reverse(row.url_name, kwargs=row.resolve_kwargs(world))
    if row.query:
        url = f"{url}?{row.query}"
    outcome.url = f"{row.method} {url}"
    if row.method == "GET":
        response = client.get(url)
    elif row.method == "POST" and row.content_type:
        response = client.post(url, row.resolve_data(world), content_type=row.content_type)
    elif row.method == "POST":
        response = client.post(url, row.resolve_data(world))
    else:
        response = client.generic(row.method, url)
    outcome.status = response.status_code
    outcome.location = response.get("Location", "")
    if canaries.canaries:
        # While the role's changes are still there, as the recipients' standing was then.
        canaries.check_outbox()


def run_row(row, world, canaries):
    """Every role's outcome for `row`, each from the world as built."""
    outcomes = []
    for role in ROLES:
        outcome = Outcome(role=role, expected=row.expect[role])
        cache.clear()
        mail.outbox = []
        try:
            with transaction.atomic():
                request_as(row, world, outcome, canaries)
                raise _Undo
        except _Undo:
            pass
        except Exception as error:  # reported with the other roles' outcomes
            outcome.error = error
        finally:
            mail.outbox = []
        outcomes.append(outcome)
    return outcomes

"""The detailed health page for site admins, built on django-health-check: the database, the
cache, the broker, the Celery workers, file storage and the last beat tick, each with its timing.

/healthz (core/health.py) stays the cheap unauthenticated probe for load balancers; this page
writes a file to storage and asks the workers to answer, so it is for people, behind sign-in.
"""

import contextlib
import dataclasses
import datetime
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

from celery import Celery
from celery.app import app_or_default
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from health_check import checks
from health_check.base import HealthCheck
from health_check.contrib.celery import Ping
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView

from . import health
from .roles import is_site_admin
from .tasks import BEAT_TICK_KEY


def last_beat_tick():
    """When core.tasks.beat_tick last ran, or None."""
    value = cache.get(BEAT_TICK_KEY)
    return None if value is None else datetime.datetime.fromtimestamp(value, tz=datetime.UTC)


@dataclasses.dataclass
class Broker(HealthCheck):
    """The Celery broker accepts a connection (the same probe as /healthz)."""

    timeout = datetime.timedelta(seconds=health.TIMEOUT_SECONDS)

    def run(self):
        try:
            health.broker()
        except Exception as exc:
            raise ServiceUnavailable(f"No connection to the broker ({type(exc).__name__})") from exc


@dataclasses.dataclass
class Workers(Ping):
    """A Celery worker answers a ping and consumes the default queue. The broker is probed
    first, so a broker that is down fails fast instead of waiting on the ping's retries."""

    # Left out of the name monitoring sees (?format=json), which would otherwise carry an address.
    app: Celery = dataclasses.field(default_factory=app_or_default, repr=False)

    def run(self):
        try:
            health.broker()
        except Exception as exc:
            raise ServiceUnavailable("No broker to reach the workers through") from exc
        super().run()


@dataclasses.dataclass
class BeatTick(HealthCheck):
    """beat_tick ran within HEALTH_BEAT_MAX_AGE seconds: beat schedules it every 5 minutes
    (cop_platform/celery.py), so a late tick means beat or every worker has stopped."""

    last: datetime.datetime | None = dataclasses.field(default=None, repr=False, compare=False)

    def run(self):
        self.last = tick = last_beat_tick()
        if tick is None:
            raise ServiceUnavailable("No beat tick recorded yet")
        age = (timezone.now() - tick).total_seconds()
        if age > settings.HEALTH_BEAT_MAX_AGE:
            raise ServiceUnavailable(
                f"The last beat tick was {age / 60:.0f} minutes ago, at {tick:%Y-%m-%d %H:%M} UTC"
            )


# What each check is called on the page, in the page's order.
NAMES = {
    checks.Database: _("Database"),
    checks.Cache: _("Cache"),
    Broker: _("Message broker"),
    Workers: _("Celery workers"),
    checks.Storage: _("File storage"),
    BeatTick: _("Scheduled tasks (beat)"),
}


@contextlib.contextmanager
def detached_threads():
    """Sync checks run on threads of their own; the page does not wait for a check that
    outlives its timeout (the library reports it as timed out)."""
    executor = ThreadPoolExecutor(max_workers=len(NAMES), thread_name_prefix="health")
    try:
        yield executor
    finally:
        executor.shutdown(wait=False, cancel_futures=True)


class HealthPage(HealthCheckView):
    """200 when every check passes, else 503, as /healthz. ?format=json|text|openmetrics|atom
    gives the same results to monitoring that signs in as a site admin."""

    template_name = "core/health.html"

    def get_checks(self):
        wanted = [checks.Database(), checks.Cache(), Broker()]
        if urlsplit(settings.CELERY_BROKER_URL).scheme != "memory":
            wanted.append(Workers(timeout=datetime.timedelta(seconds=2), limit=1))
        wanted.append(checks.Storage())
        if settings.HEALTH_CHECK_BEAT:
            wanted.append(BeatTick())
        return wanted

    def get_executor(self):
        return detached_threads()

    async def dispatch(self, request, *args, **kwargs):
        if not is_site_admin(await request.auser()):
            raise PermissionDenied(_("Only site administrators see the health of the services."))
        response = await super().dispatch(request, *args, **kwargs)
        if response.status_code == 500:
            response.status_code = 503
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = [
            {
                "name": NAMES[type(result.check)],
                "error": result.error,
                "seconds": result.time_taken,
            }
            for result in self.results
        ]
        context["beat_tick"] = next(
            (result.check.last for result in self.results if isinstance(result.check, BeatTick)),
            None,
        )
        context["beat_max_minutes"] = settings.HEALTH_BEAT_MAX_AGE // 60
        context["beat_checked"] = settings.HEALTH_CHECK_BEAT
        return context


health_page = HealthPage.as_view()

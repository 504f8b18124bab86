"""The embedded default used by `make run`: SQLite, eager tasks, email to console and outbox."""

from .base import *  # noqa: F403
from .base import VAR_DIR, env_bool

DEBUG = True
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", True)
# Tasks run in the web process and no beat runs, so the health page leaves beat out.
HEALTH_CHECK_BEAT = env_bool("HEALTH_CHECK_BEAT", not CELERY_TASK_ALWAYS_EAGER)
EMAIL_BACKEND = "core.mail.DevOutboxBackend"
DEV_OUTBOX_DIR = VAR_DIR / "outbox"

# A fresh clone has no var/ yet: SQLite and the outbox live there.
VAR_DIR.mkdir(parents=True, exist_ok=True)

# django-debug-toolbar, in development only and when asked for: DEBUG_TOOLBAR=1 make run.
if env_bool("DEBUG_TOOLBAR", False):
    try:
        import debug_toolbar  # noqa: F401
    except ImportError:
        pass
    else:
        INSTALLED_APPS = [*INSTALLED_APPS, "debug_toolbar"]  # noqa: F405
        _gzip = MIDDLEWARE.index("django.middleware.gzip.GZipMiddleware")  # noqa: F405
        MIDDLEWARE = [  # noqa: F405
            *MIDDLEWARE[: _gzip + 1],  # noqa: F405
            "debug_toolbar.middleware.DebugToolbarMiddleware",
            *MIDDLEWARE[_gzip + 1 :],  # noqa: F405
        ]
        INTERNAL_IPS = ["127.0.0.1", "::1"]

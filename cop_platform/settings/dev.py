"""The embedded default used by `make run`: SQLite, eager tasks, email to console and outbox."""

from .base import *  # noqa: F403
from .base import VAR_DIR, env_bool

DEBUG = True
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", True)
EMAIL_BACKEND = "core.mail.DevOutboxBackend"
DEV_OUTBOX_DIR = VAR_DIR / "outbox"

# A fresh clone has no var/ yet: SQLite and the outbox live there.
VAR_DIR.mkdir(parents=True, exist_ok=True)

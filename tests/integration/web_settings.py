"""Production settings for the gunicorn processes that tests/integration/test_web_servers.py
starts: everything comes from the environment as in production (the test database, Redis,
S3 storage, SITE_URL, secrets), except static files, which are served from the source folders
instead of a collected manifest the test run does not build."""

from cop_platform.settings.production import *  # noqa: F403
from cop_platform.settings.production import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

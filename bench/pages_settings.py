"""Production settings for bench/pages.py: the floor app and its URL added, static files
collected into the run's own directory (BENCH_STATIC_ROOT), and HTTP allowed on loopback."""

import os
from pathlib import Path

from cop_platform.settings.production import *  # noqa: F403
from cop_platform.settings.production import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "bench.floor.apps.FloorConfig"]
ROOT_URLCONF = "bench.pages_urls"
STATIC_ROOT = Path(os.environ["BENCH_STATIC_ROOT"])
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

"""The production settings, for bench/soak.py: only the collected static files move to the run's
own directory (SOAK_STATIC_ROOT), so a soak never writes into the checkout."""

import os
from pathlib import Path

from cop_platform.settings.production import *  # noqa: F403

STATIC_ROOT = Path(os.environ["SOAK_STATIC_ROOT"])

"""A Welsh test catalogue, compiled with msgfmt into a temporary LOCALE_PATHS for one test.

`welsh` (a fixture; import it into a test module to use it) copies tests/i18n/locale, compiles
each django.po, and points LOCALE_PATHS and LANGUAGES at the copy the way the settings would
read a real locale/ folder. The live server runs in the test's process, so browser tests see it.
"""

import shutil
import subprocess
from pathlib import Path

import pytest

from cop_platform.settings.base import languages_with_catalogues

SOURCE = Path(__file__).resolve().parent / "locale"
MSGFMT = shutil.which("msgfmt") or "/usr/bin/msgfmt"


def compile_catalogues(folder):
    """Compiles every django.po under `folder` next to itself; msgfmt must accept each one."""
    for po in Path(folder).glob("*/LC_MESSAGES/django.po"):
        subprocess.run(
            [MSGFMT, "--check", "-o", str(po.with_suffix(".mo")), str(po)],
            check=True,
            capture_output=True,
        )


@pytest.fixture
def welsh(settings, tmp_path):
    if not Path(MSGFMT).exists():
        pytest.fail("msgfmt is missing (apt-get install gettext)", pytrace=False)
    locale = tmp_path / "locale"
    shutil.copytree(SOURCE, locale)
    compile_catalogues(locale)
    settings.LOCALE_PATHS = [locale]
    settings.LANGUAGES = languages_with_catalogues([locale])
    return locale

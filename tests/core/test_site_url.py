"""Links in emails start with SITE_URL: make run derives it from HOST and PORT, and production
must set it (docs/deployment.md)."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from core.checks import check_site_url

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "site_url, error",
    [
        ("", "core.E001"),
        ("cop.example.org", "core.E002"),
        ("ftp://cop.example.org", "core.E002"),
        ("http://127.0.0.1:8000", "core.E003"),
        ("http://localhost:8000", "core.E003"),
        ("http://[::1]:8000", "core.E003"),
        ("http://0.0.0.0:8102", "core.E003"),
    ],
)
def test_the_deploy_check_refuses_a_missing_or_local_site_url(site_url, error):
    with override_settings(SITE_URL=site_url):
        assert [message.id for message in check_site_url(None)] == [error]


@pytest.mark.parametrize("site_url", ["https://cop.example.org", "http://10.1.2.3:8102/"])
def test_the_deploy_check_accepts_a_public_site_url(site_url):
    with override_settings(SITE_URL=site_url):
        assert check_site_url(None) == []


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_run_passes_its_host_and_port_as_the_site_url():
    result = subprocess.run(
        ["make", "-n", "run", "HOST=192.0.2.5", "PORT=8102"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    commands = [line for line in result.stdout.splitlines() if "manage.py" in line]
    for command in ("seed_demo", "runserver"):
        [line] = [line for line in commands if f"manage.py {command}" in line]
        assert "SITE_URL=http://192.0.2.5:8102 " in line


@pytest.mark.django_db
def test_the_demo_banner_gives_the_site_url(capsys):
    with override_settings(SITE_URL="http://192.0.2.5:8102"):
        call_command("seed_demo")
    out = capsys.readouterr().out
    assert "Sign in at http://192.0.2.5:8102/ with:" in out
    assert "appear at http://192.0.2.5:8102/dev/outbox/" in out
    assert ":8000" not in out

"""The production settings pass Django's deployment checklist with the documented environment."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_passes_under_production_settings():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cop_platform.settings.production",
        "DJANGO_SECRET_KEY": "k" * 20 + "-a-long-random-production-secret-0123456789-XYZ",
        "DJANGO_ALLOWED_HOSTS": "cop.example.org",
        "SITE_URL": "https://cop.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_refuses_production_settings_without_a_site_url():
    env = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "COP_SITE_URL"}}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "cop_platform.settings.production",
            "DJANGO_SECRET_KEY": "k" * 20 + "-a-long-random-production-secret-0123456789-XYZ",
            "DJANGO_ALLOWED_HOSTS": "cop.example.org",
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0 and "core.E001" in result.stderr, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}
    env.update({"DJANGO_SETTINGS_MODULE": "cop_platform.settings.production"})
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0 and "DJANGO_SECRET_KEY" in result.stderr

"""Production refuses to start without SITE_URL: the container's start commands (Dockerfile CMD,
docker-compose's migrate and web) run Django's deployment checklist before anything else, and
that step fails without it (core/checks.py)."""

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHECK = "python manage.py check --deploy --fail-level ERROR"


def compose_command(service):
    text = (ROOT / "docker-compose.yml").read_text()
    block = re.search(rf"\n  {service}:\n(.*?)(?=\n  \S|\Z)", text, re.S).group(1)
    return json.loads(re.search(r"^\s+command: (\[.*\])$", block, re.M).group(1))


def dockerfile_command():
    text = (ROOT / "Dockerfile").read_text()
    return json.loads(re.search(r"^CMD (\[.*\])$", text, re.M).group(1))


START_COMMANDS = {
    "Dockerfile CMD": dockerfile_command,
    "compose web": lambda: compose_command("web"),
    "compose migrate": lambda: compose_command("migrate"),
}


@pytest.mark.parametrize("name", START_COMMANDS)
def test_the_start_command_runs_the_deploy_check_first(name):
    command = START_COMMANDS[name]()
    assert command[:2] == ["sh", "-c"]
    assert command[2].startswith(CHECK + " && "), command


def run_check_step(site_url):
    """The start command's first step, as the container would run it."""
    first_step = dockerfile_command()[2].split(" && ")[0]
    env = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "COP_SITE_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="cop_platform.settings.production",
        DJANGO_SECRET_KEY="k" * 20 + "-a-long-random-production-secret-0123456789-XYZ",
        DJANGO_ALLOWED_HOSTS="cop.example.org",
    )
    if site_url:
        env["SITE_URL"] = site_url
    argv = [sys.executable if word == "python" else word for word in shlex.split(first_step)]
    return subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, check=False)


def test_the_container_refuses_to_start_without_a_site_url():
    refused = run_check_step(site_url=None)
    assert refused.returncode != 0 and "core.E001" in refused.stderr
    started = run_check_step(site_url="https://cop.example.org")
    assert started.returncode == 0, started.stdout + started.stderr


def test_the_example_environment_names_the_site_address_as_the_settings_read_it():
    example = (ROOT / ".env.example").read_text()
    assert re.search(r"^SITE_URL=https://\S+$", example, re.M)
    production = (ROOT / "cop_platform" / "settings" / "production.py").read_text()
    assert 'SITE_URL = env("SITE_URL") or env("COP_SITE_URL")' in production

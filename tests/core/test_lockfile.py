"""The lock files are what gets installed (make install, CI, the Dockerfile), so they must agree
with pyproject.toml's pins: a pin changed without `make lock` would otherwise be ignored."""

import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements" / "lock.txt"
PRODUCTION_LOCK = ROOT / "requirements" / "production.txt"
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
ENTRY = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)(.*?)(?=^\S|\Z)", re.M | re.S)


def locked(path):
    """{canonical name: (version, the entry's text)} for every entry of a lock file."""
    return {
        canonicalize_name(name): (version, rest)
        for name, version, rest in ENTRY.findall(path.read_text())
    }


def pins(requirements):
    return [Requirement(line) for line in requirements]


TEST_PINS = pins(PROJECT["optional-dependencies"]["test"])
PRODUCTION_PINS = pins(PROJECT["dependencies"])


@pytest.mark.parametrize(
    ("path", "requirements"),
    [(LOCK, PRODUCTION_PINS + TEST_PINS), (PRODUCTION_LOCK, PRODUCTION_PINS)],
    ids=["lock", "production"],
)
def test_every_pin_in_pyproject_is_in_the_lock_at_the_same_version(path, requirements):
    entries = locked(path)
    for requirement in requirements:
        (specifier,) = requirement.specifier
        assert specifier.operator == "==", f"{requirement} is not pinned to one version"
        name = canonicalize_name(requirement.name)
        assert name in entries, f"{requirement.name} is missing from {path.name}: run make lock"
        assert entries[name][0] == specifier.version, (
            f"{requirement.name} is {specifier.version} in pyproject.toml but "
            f"{entries[name][0]} in {path.name}: run make lock"
        )


def test_the_extras_a_pin_asks_for_bring_their_packages_into_the_lock():
    """django-allauth[socialaccount,mfa], moto[server], ...: the packages each extra adds."""
    entries = locked(LOCK)
    for requirement in PRODUCTION_PINS + TEST_PINS:
        for extra in requirement.extras:
            wanted = [
                Requirement(line)
                for line in metadata.requires(requirement.name) or []
                if Requirement(line).marker
                and Requirement(line).marker.evaluate({"extra": extra, "python_version": "3.11"})
            ]
            assert wanted, f"{requirement.name}[{extra}] adds no packages"
            missing = [w.name for w in wanted if canonicalize_name(w.name) not in entries]
            assert not missing, f"{requirement.name}[{extra}] needs {missing}: run make lock"


@pytest.mark.parametrize("path", [LOCK, PRODUCTION_LOCK], ids=["lock", "production"])
def test_every_locked_package_carries_its_hashes(path):
    entries = locked(path)
    assert len(entries) > len(PRODUCTION_PINS)
    unhashed = [name for name, (_, rest) in entries.items() if "--hash=sha256:" not in rest]
    assert not unhashed


def test_production_installs_the_same_versions_without_the_test_tools():
    everything, production = locked(LOCK), locked(PRODUCTION_LOCK)
    assert {name: e[0] for name, e in production.items()} == {
        name: everything[name][0] for name in production
    }
    for tool in ("pytest", "playwright", "ruff", "moto", "uv"):
        assert tool not in production


def test_make_ci_and_the_image_install_from_the_locks_with_hashes_required():
    makefile = (ROOT / "Makefile").read_text()
    assert "pip install --quiet --require-hashes -r $(LOCK)" in makefile
    assert "LOCK := requirements/lock.txt" in makefile
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "--require-hashes -r requirements/production.txt" in dockerfile
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_postgresql_is_reached_through_psycopg_3():
    from django.db.backends.postgresql.psycopg_any import is_psycopg3

    assert is_psycopg3
    assert "psycopg2" not in " ".join(locked(LOCK)) + " ".join(locked(PRODUCTION_LOCK))

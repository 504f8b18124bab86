"""makemessages runs cleanly over the whole project and finds the strings marked for translation."""

import os
import re
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

# Folders that hold no strings of the site's own (third-party code, benchmarks, the tests).
NOT_SCANNED = {".venv", "node_modules", "bench", "tests", "var", "locale", "staticfiles", "static"}


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory):
    """The .po file makemessages writes for a made-up language "xx", read as text.

    makemessages scans the current folder and writes a temporary `.py` beside every `.txt`
    template it reads, so it runs in a copy of the project's own folders (two test workers, or a
    developer's editor, never see each other's files) and writes to a temporary LOCALE_PATHS: the
    project's locale/ folder is never touched.
    """
    base = Path(settings.BASE_DIR)
    tree = tmp_path_factory.mktemp("project")
    out = tmp_path_factory.mktemp("locale")
    for child in base.iterdir():
        if child.is_dir() and child.name not in NOT_SCANNED and not child.name.startswith("."):
            shutil.copytree(
                child, tree / child.name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
            )
    old_cwd = Path.cwd()
    old_paths = settings.LOCALE_PATHS
    settings.LOCALE_PATHS = [out]
    output = StringIO()
    try:
        os.chdir(tree)
        call_command(
            "makemessages",
            locale=["xx"],
            domain="django",
            extensions=["html", "txt", "py"],
            symlinks=True,
            no_obsolete=True,
            verbosity=1,
            stdout=output,
            stderr=output,
        )
    finally:
        os.chdir(old_cwd)
        settings.LOCALE_PATHS = old_paths
    # xgettext's warnings (a string it cannot parse, a bad format) are written to the output.
    assert "warning" not in output.getvalue().lower(), output.getvalue()
    return (out / "xx" / "LC_MESSAGES" / "django.po").read_text()


def msgids(po):
    return set(re.findall(r'^msgid "(.+)"$', po, re.M))


def test_strings_from_templates_are_found(catalogue):
    found = msgids(catalogue)
    for text in (
        "Skip to main content",  # base.html
        "Change language",  # the switcher
        "My home",  # the navigation
        "Page %(number)s of %(num_pages)s",  # a sentence with variables
        "a former member",  # a filter argument, _("...")
    ):
        assert text in found, text
    assert 'msgid_plural "… %(counter)s unchanged paragraphs …"' in catalogue
    assert "templates/core/email/feedback.txt" in catalogue  # plain-text email templates too


def test_every_python_file_that_marks_strings_is_read(catalogue):
    base = Path(settings.BASE_DIR)
    marking = [
        path.relative_to(base).as_posix()
        for folder in base.iterdir()
        if folder.is_dir() and folder.name not in NOT_SCANNED and not folder.name.startswith(".")
        for path in folder.rglob("*.py")
        if re.search(r"\b(gettext|gettext_lazy|ngettext|pgettext)\(|\b_\(\"", path.read_text())
    ]
    missing = [
        path for path in marking if f"#: {path}:" not in catalogue and f" {path}:" not in catalogue
    ]
    assert not missing, missing


def test_no_template_tag_leaks_into_a_message(catalogue):
    leaks = [m for m in msgids(catalogue) if "{%" in m or "{{" in m]
    assert not leaks, leaks


def test_submitted_button_values_are_never_translated():
    """A button's value is what the view reads (approve, decline…): it must not change language."""
    templates = Path(settings.BASE_DIR) / "templates"
    translated = [
        str(path.relative_to(templates))
        for path in templates.rglob("*.html")
        if re.search(r"<button[^>]*\bvalue=\"\{%\s*(translate|blocktranslate)", path.read_text())
    ]
    assert not translated, translated

"""Shared fixtures. Each app's own fixtures live in tests/<app>/conftest.py."""

import fcntl
import os
import tempfile
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site
from django.core.management.color import no_style
from django.core.management.commands import flush as flush_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from pytest_django.plugin import blocking_manager_key

from tests.accounts.factories import AdminFactory, UserFactory
from tests.fixtures import template_db

pytest_plugins = ["tests.permissions.canary", "tests.fixtures.services"]


@pytest.fixture
def member(db):
    return UserFactory()


@pytest.fixture
def site_admin(db):
    return AdminFactory()


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


# --- One migrated template database for all xdist workers ------------------------------------
# See tests/fixtures/template_db.py: every worker's test database is a copy of one migrated
# template, which `make test` builds in the background (COP_TEST_TEMPLATE_READY names the file it
# writes when done) and which otherwise the first worker builds while the others wait.


def _template_paths(run_id):
    base = Path(tempfile.gettempdir()) / f"cop-test-template-{run_id}"
    return base.with_suffix(".lock"), base.with_suffix(".done")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    request, django_db_modify_db_settings_parallel_suffix, django_db_blocker
):
    """Under xdist on PostgreSQL, each worker's test database is a copy of one migrated template."""
    workerinput = getattr(request.config, "workerinput", None)
    if (
        workerinput is None
        or request.config.getvalue("nomigrations")
        or request.config.getvalue("reuse_db")
    ):
        return
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql":
        return
    ready = os.environ.get("COP_TEST_TEMPLATE_READY")
    if ready:
        builder = os.environ.get("COP_TEST_TEMPLATE_PID")
        template = template_db.wait_for(ready, int(builder) if builder else None)
        connection.settings_dict["TEST"]["TEMPLATE"] = template
        return
    template = template_db.template_name(connection.settings_dict, workerinput["workerid"])
    lock_path, done_path = _template_paths(workerinput["testrunuid"])
    with open(lock_path, "a") as lock, django_db_blocker.unblock():
        fcntl.flock(lock, fcntl.LOCK_EX)  # the others wait while the first one migrates
        if not done_path.exists():
            template_db.migrate_template(connection, template)
            done_path.write_text(template)
    connection.settings_dict["TEST"]["TEMPLATE"] = template


def pytest_sessionfinish(session):
    """The run's controller drops the template (and its lock file) once every worker is done."""
    config = session.config
    if hasattr(config, "workerinput") or not config.pluginmanager.hasplugin("dsession"):
        return
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql" or config.getvalue("reuse_db"):
        return
    nodemanager = getattr(config.pluginmanager.getplugin("dsession"), "nodemanager", None)
    if nodemanager is not None:
        for path in _template_paths(nodemanager.testrunuid):
            path.unlink(missing_ok=True)
    template = template_db.template_name(connection.settings_dict)
    with config.stash[blocking_manager_key].unblock():
        with connection.creation._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(template)}")


# --- What post_migrate writes after each flush, replayed from a copy ------------------------------
# A transactional test (live_server, a real Celery worker) ends with `flush`: every table is
# emptied and post_migrate runs again, re-creating the content types, the permissions and the
# default site one query at a time (about 360 queries). On PostgreSQL the first flush of a process
# runs post_migrate for real and keeps a copy of the rows it wrote; every later flush writes those
# same rows back in one INSERT per table. The database a test meets is the same as before.


class PostFlushRows:
    """The rows post_migrate wrote into an emptied database, and how to write them again."""

    def __init__(self, connection):
        self.tables = []  # (table, columns, rows), content types first (permissions refer to them)
        with connection.cursor() as cursor:
            names = connection.introspection.django_table_names(
                only_existing=True, include_views=False
            )
            for table in sorted(names, key=lambda name: name != "django_content_type"):
                cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
                rows = cursor.fetchall()
                if rows:
                    columns = [column.name for column in cursor.description]
                    self.tables.append((table, columns, rows))

    def write(self, connection):
        quote = connection.ops.quote_name
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            for table, columns, rows in self.tables:
                row = "(" + ", ".join(["%s"] * len(columns)) + ")"
                cursor.execute(
                    f"INSERT INTO {quote(table)} ({', '.join(map(quote, columns))}) "
                    f"VALUES {', '.join([row] * len(rows))}",
                    [value for values in rows for value in values],
                )
            # As create_default_site does after writing the site with its fixed id.
            for sql in connection.ops.sequence_reset_sql(no_style(), [Site]):
                cursor.execute(sql)
        ContentType.objects.clear_cache()


@pytest.fixture(scope="session", autouse=True)
def _post_flush_rows_from_a_copy():
    real_emit = flush_command.emit_post_migrate_signal
    copies = {}

    def emit_post_migrate_signal(verbosity, interactive, db, **kwargs):
        connection = connections[db]
        if connection.vendor != "postgresql" or kwargs:
            return real_emit(verbosity, interactive, db, **kwargs)
        if db in copies:
            return copies[db].write(connection)
        real_emit(verbosity, interactive, db)
        copies[db] = PostFlushRows(connection)

    flush_command.emit_post_migrate_signal = emit_post_migrate_signal
    yield
    flush_command.emit_post_migrate_signal = real_emit

"""The backup drill: scripts/backup.sh copies the database and the uploaded files, and
scripts/restore.sh brings them back into an EMPTY new database and an empty media root with
every table's rows and every file's bytes the same (docs/deployment.md, "Backup and restore")."""

import hashlib
import os
import shutil
import subprocess
import uuid
from pathlib import Path

import psycopg
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings

from tests.accounts.factories import UserFactory
from tests.communities.factories import CommunityFactory, member_of
from tests.fixtures.services import database_url
from tests.forums.factories import reply, topic

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8


def server_connection(dbname):
    settings_dict = connection.settings_dict
    return psycopg.connect(
        host=settings_dict["HOST"] or "127.0.0.1",
        port=settings_dict["PORT"] or 5432,
        user=settings_dict["USER"],
        password=settings_dict["PASSWORD"] or None,
        dbname=dbname,
        autocommit=True,
    )


def table_contents(dbname):
    """{table: (row count, md5 of all its rows in order)} for every table in `dbname`."""
    conn = server_connection(dbname)
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            tables = sorted(name for (name,) in cursor.fetchall())
            contents = {}
            for table in tables:
                cursor.execute(
                    f"SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' "
                    f"ORDER BY t::text), '')) FROM \"{table}\" t"
                )
                contents[table] = cursor.fetchone()
            return contents
    finally:
        conn.close()


def file_checksums(root):
    root = Path(root)
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file()
    }


def run_script(script, *args, database, media_root):
    env = {**os.environ, "DATABASE_URL": database, "COP_MEDIA_ROOT": str(media_root)}
    return subprocess.run(
        ["bash", str(ROOT / "scripts" / script), *map(str, args)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def media_root(tmp_path):
    root = tmp_path / "media"
    root.mkdir()
    with override_settings(MEDIA_ROOT=root):
        yield root


@pytest.fixture
def empty_database():
    name = f"cop_restore_{uuid.uuid4().hex[:12]}"
    admin = server_connection("postgres")
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        yield name
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def a_little_of_everything():
    """Members, a community, a forum topic with attachments and a reply, a photo on disk."""
    ada, grace = UserFactory(name="Ada"), UserFactory(name="Grace")
    community = CommunityFactory(name="Road safety officers")
    member_of(community, ada, facilitator=True)
    member_of(community, grace)
    thread = topic(
        community,
        ada,
        title="Winter gritting routes",
        body="<p>Which roads do you grit first? Ünïcödé too.</p>",
        files=[
            SimpleUploadedFile("routes map.png", PNG, content_type="image/png"),
            SimpleUploadedFile("notes.txt", "ÄÖÜ notes\n".encode(), content_type="text/plain"),
        ],
    )
    reply(thread, grace, body="<p>Hospitals and schools.</p>")
    default_storage.save("profiles/photos/ada é.png", SimpleUploadedFile("x.png", PNG[::-1]))


def test_a_backup_restores_into_an_empty_database_and_storage_exactly(
    media_root, empty_database, tmp_path
):
    a_little_of_everything()
    source = connection.settings_dict["NAME"]
    files_before = file_checksums(media_root)
    assert len(files_before) >= 3, files_before

    made = run_script(
        "backup.sh", tmp_path / "backups", database=database_url(connection.settings_dict),
        media_root=media_root,
    )  # fmt: skip
    assert made.returncode == 0, made.stdout + made.stderr
    [backup] = (tmp_path / "backups").iterdir()
    assert sorted(p.name for p in backup.iterdir()) == [
        "SHA256SUMS", "backup.txt", "database.dump", "media.sha256", "media.tar.gz",
    ]  # fmt: skip
    assert len((backup / "media.sha256").read_text().splitlines()) == len(files_before)

    restored_media = tmp_path / "restored-media"
    target = {**connection.settings_dict, "NAME": empty_database}
    restored = run_script(
        "restore.sh", backup, database=database_url(target), media_root=restored_media
    )
    assert restored.returncode == 0, restored.stdout + restored.stderr

    before, after = table_contents(source), table_contents(empty_database)
    assert before["accounts_user"][0] >= 2 and before["forums_topic"][0] == 1
    assert after == before, {
        t: (before.get(t), after.get(t)) for t in before if before.get(t) != after.get(t)
    }
    assert file_checksums(restored_media) == files_before

    # A restore never mixes with what is there, and a damaged backup is refused up front.
    again = run_script(
        "restore.sh", backup, database=database_url(target), media_root=tmp_path / "m2"
    )
    assert again.returncode != 0 and "database is not empty" in again.stderr
    damaged = tmp_path / "damaged"
    shutil.copytree(backup, damaged)
    with open(damaged / "media.tar.gz", "ab") as archive:
        archive.write(b"!")
    refused = run_script(
        "restore.sh", damaged, database=database_url(target), media_root=tmp_path / "m3"
    )
    assert refused.returncode != 0 and "damaged" in refused.stderr

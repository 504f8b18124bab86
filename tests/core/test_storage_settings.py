"""Uploads on local disk or in an S3-compatible bucket, and the database behind PgBouncer, chosen
by the environment (cop_platform/settings/base.py, docs/deployment.md "Scaling out")."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from cop_platform.settings.base import upload_storage

ROOT = Path(__file__).resolve().parents[2]
S3_ENV = {
    "COP_STORAGE": "s3",
    "AWS_STORAGE_BUCKET_NAME": "cop-media",
    "AWS_S3_ENDPOINT_URL": "http://minio:9000",
    "AWS_ACCESS_KEY_ID": "key",
    "AWS_SECRET_ACCESS_KEY": "secret",
}


def test_local_disk_is_the_default(monkeypatch):
    monkeypatch.delenv("COP_STORAGE", raising=False)
    assert upload_storage() == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_s3_objects_are_private_never_overwritten_and_never_linked_for_long(monkeypatch):
    for key, value in S3_ENV.items():
        monkeypatch.setenv(key, value)
    storage = upload_storage()
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "cop-media"
    assert options["endpoint_url"] == "http://minio:9000"
    assert options["addressing_style"] == "path"
    assert options["default_acl"] == "private"
    assert options["file_overwrite"] is False
    assert options["querystring_auth"] is True and options["querystring_expire"] <= 60


@pytest.mark.parametrize(
    "env, message",
    [({"COP_STORAGE": "nfs"}, "use 'local' or 's3'"), ({"COP_STORAGE": "s3"}, "BUCKET_NAME")],
)
def test_an_incomplete_storage_setting_refuses_to_start(monkeypatch, env, message):
    monkeypatch.delenv("AWS_STORAGE_BUCKET_NAME", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(ImproperlyConfigured, match=message):
        upload_storage()


def production_settings(**extra):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "COP_", "AWS_", "DB_", "PYTEST_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="cop_platform.settings.production",
        DJANGO_SECRET_KEY="x" * 60,
        DJANGO_ALLOWED_HOSTS="cop.example.org",
        DATABASE_URL="postgres://cop:pw@pgbouncer:6432/cop",
        **extra,
    )
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'cursors': s.DATABASES['default'].get('DISABLE_SERVER_SIDE_CURSORS'), "
        "'storage': s.STORAGES['default']['BACKEND']}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_behind_pgbouncer_with_s3_storage():
    configured = production_settings(DB_PGBOUNCER="1", **S3_ENV)
    assert configured == {"cursors": True, "storage": "storages.backends.s3.S3Storage"}
    assert production_settings() == {
        "cursors": False,
        "storage": "django.core.files.storage.FileSystemStorage",
    }

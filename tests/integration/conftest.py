"""Shared storage for integration tests: a real S3-compatible server over HTTP.

* `s3_server` (session) — moto's standalone server (`moto_server`) in a subprocess on a free
  loopback port; `s3_server.endpoint` is its URL. It is spoken to over HTTP like MinIO or AWS
  would be, never patched in-process.
* `s3_storage` — a fresh private bucket on that server, with `STORAGES["default"]` pointed at it
  (the same options `COP_STORAGE=s3` gives, cop_platform.settings.base.upload_storage).
  `s3_storage.keys()` lists the bucket's object names through boto3; `s3_storage.env` holds the
  environment variables that give a subprocess (gunicorn, a Celery worker) the same storage.
"""

import os
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.fixtures.services import free_port

ACCESS_KEY = "cop-test-access"
SECRET_KEY = "cop-test-secret"
REGION = "us-east-1"


class S3Server:
    def __init__(self, log_path):
        self.log_path = Path(log_path)
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.process = None

    def start(self, timeout=30):
        moto_server = Path(sys.executable).with_name("moto_server")
        command = [str(moto_server), "-H", "127.0.0.1", "-p", str(self.port)]
        with open(self.log_path, "a") as log:
            self.process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                urllib.request.urlopen(f"{self.endpoint}/", timeout=2).close()
                return self
            except urllib.error.HTTPError:
                return self  # it answered
            except OSError:
                time.sleep(0.1)
        raise AssertionError(
            f"moto_server did not answer on {self.endpoint}: {self.log_path.read_text()}"
        )

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.process = None

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name=REGION,
        )


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    server = S3Server(tmp_path_factory.mktemp("moto") / "moto_server.log").start()
    yield server
    server.stop()


class S3Storage:
    def __init__(self, server, bucket):
        self.server = server
        self.bucket = bucket
        self.client = server.client()
        self.env = {
            "COP_STORAGE": "s3",
            "AWS_STORAGE_BUCKET_NAME": bucket,
            "AWS_S3_ENDPOINT_URL": server.endpoint,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
            "AWS_S3_REGION_NAME": REGION,
        }

    def keys(self):
        listing = self.client.list_objects_v2(Bucket=self.bucket)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def read(self, key):
        return self.client.get_object(Bucket=self.bucket, Key=key)["Body"].read()


@pytest.fixture
def s3_storage(s3_server, settings):
    """A fresh bucket on the S3 server, and Django's default storage pointed at it."""
    from cop_platform.settings.base import upload_storage

    storage = S3Storage(s3_server, f"cop-test-{secrets.token_hex(6)}")
    storage.client.create_bucket(Bucket=storage.bucket)
    saved = {key: os.environ.get(key) for key in storage.env}
    os.environ.update(storage.env)
    try:
        default = upload_storage()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    settings.STORAGES = {**settings.STORAGES, "default": default}
    yield storage

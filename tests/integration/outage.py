"""Services of a test's own that it may stop and start, and the site served from them.

The outage tests stop a database or a cache; the PostgreSQL and Redis that `make test` started
are shared by the other xdist worker, so each test starts its own here:

* `PostgresCluster`: a throwaway cluster (initdb/pg_ctl, as the `postgres` user when run as
  root, like scripts/test.sh) on a free loopback port, with a `cop` database holding a copy of
  the test database's schema and rows (pg_dump), so no migrations need running.
* `RedisServer`: a redis-server on a free loopback port, nothing saved to disk.
* `SiteServer`: gunicorn (one worker) with the test settings, pointed at those services.
* `Browser`: an HTTP client with a cookie jar that never follows redirects and reads the
  CSRF token from the last page, as a browser would post it back.
"""

import glob
import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
AS_ROOT = os.geteuid() == 0


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(predicate, timeout, what):
    """Poll `predicate` until it is true; fail with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"{what} within {timeout} s")


def listening(port):
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def services_dir(prefix):
    """A directory the `postgres` user can enter (pytest's tmp_path is private to root)."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    path.chmod(0o755)
    return path


def pg_bindir():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise AssertionError("PostgreSQL binaries not found under /usr/lib/postgresql/*/bin")
    return Path(found[-1]).parent


class PostgresCluster:
    def __init__(self):
        self.bin = pg_bindir()
        self.dir = services_dir("cop-pg-")
        self.data = self.dir / "data"
        self.port = free_port()
        if AS_ROOT:
            shutil.chown(self.dir, "postgres")

    def run(self, *command, **kwargs):
        prefix = ["runuser", "-u", "postgres", "--"] if AS_ROOT else []
        return subprocess.run(
            [*prefix, *map(str, command)],
            cwd=self.dir,
            capture_output=True,
            text=True,
            check=True,
            **kwargs,
        )

    def init(self):
        self.run(
            self.bin / "initdb", "-D", self.data, "-U", "cop", "--auth=trust",
            "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync",
        )  # fmt: skip
        self.start()
        self.run(self.bin / "createdb", "-h", "127.0.0.1", "-p", self.port, "-U", "cop", "cop")
        return self

    def start(self):
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.dir} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        self.run(
            self.bin / "pg_ctl", "-D", self.data, "-l", self.dir / "server.log",
            "-w", "-t", "60", "start", "-o", options,
        )  # fmt: skip

    def stop(self):
        self.run(self.bin / "pg_ctl", "-D", self.data, "-m", "fast", "-w", "-t", "60", "stop")

    @property
    def running(self):
        return (self.data / "postmaster.pid").exists()

    def url(self, name="cop"):
        return f"postgres://cop@127.0.0.1:{self.port}/{name}"

    def copy_database(self, settings_dict):
        """Schema and rows of the database `settings_dict` describes, into this cluster's `cop`."""
        source = [
            "-h", settings_dict.get("HOST") or "127.0.0.1",
            "-p", str(settings_dict.get("PORT") or 5432),
            "-U", settings_dict.get("USER") or "cop",
        ]  # fmt: skip
        env = {**os.environ, "PGPASSWORD": settings_dict.get("PASSWORD") or ""}
        dump = subprocess.run(
            [self.bin / "pg_dump", *source, "--no-owner", "--no-acl", settings_dict["NAME"]],
            capture_output=True,
            check=True,
            env=env,
        )
        subprocess.run(
            [self.bin / "psql", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
             "-p", str(self.port), "-U", "cop", "-d", "cop"],
            input=dump.stdout,
            capture_output=True,
            check=True,
        )  # fmt: skip

    def destroy(self):
        if self.running:
            try:
                self.run(self.bin / "pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")
            except subprocess.CalledProcessError:
                pass
        shutil.rmtree(self.dir, ignore_errors=True)


class RedisServer:
    def __init__(self):
        self.dir = services_dir("cop-redis-")
        self.port = free_port()
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [shutil.which("redis-server") or "/usr/bin/redis-server",
             "--bind", "127.0.0.1", "--port", str(self.port), "--dir", str(self.dir),
             "--save", "", "--appendonly", "no", "--logfile", str(self.dir / "redis.log")],
            stdin=subprocess.DEVNULL,
        )  # fmt: skip
        wait_until(lambda: listening(self.port), 30, f"Redis did not listen on {self.port}")
        return self

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(30)
            self.process = None
        wait_until(lambda: not listening(self.port), 30, f"Redis still on {self.port}")

    def destroy(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


def site_env(**overrides):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTEST_CURRENT_TEST", "CELERY_", "EMAIL_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="cop_platform.settings.test",
        CELERY_TASK_ALWAYS_EAGER="1",
        PYTHONUNBUFFERED="1",
        PYTHONPATH=str(BASE_DIR),
    )
    env.update(overrides)
    return env


def run_django(code, env):
    """Run Python `code` after django.setup() in a subprocess with `env`; its stdout."""
    result = subprocess.run(
        [sys.executable, "-c", "import django\ndjango.setup()\n" + code],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


CREATE_MEMBER = """
from tests.accounts.factories import UserFactory
user = UserFactory(email={email!r})
"""


class SiteServer:
    def __init__(self, env, log_dir):
        self.env = env
        self.port = free_port()
        self.log_path = Path(log_dir) / "gunicorn.log"
        self.process = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def log(self):
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def start(self):
        with open(self.log_path, "a") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "cop_platform.wsgi:application",
                 "--bind", f"127.0.0.1:{self.port}", "--workers", "1", "--timeout", "60",
                 "--access-logfile", "-"],
                cwd=BASE_DIR,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        wait_until(
            lambda: listening(self.port) or self.process.poll() is not None,
            60,
            "gunicorn did not start",
        )
        assert self.process.poll() is None, self.log()
        return self

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.process = None


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.text = body.decode("utf-8", errors="replace")

    def __repr__(self):
        return f"<Response {self.status}: {self.text[:300]!r}>"


class Browser:
    def __init__(self, base_url):
        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirects()
        )
        self.csrf_token = None

    def request(self, path, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base_url + path, data=body)
        try:
            with self.opener.open(request, timeout=60) as response:
                result = Response(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:
            result = Response(error.code, error.headers, error.read())
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', result.text)
        if token:
            self.csrf_token = token.group(1)
        return result

    def get(self, path):
        return self.request(path)

    def post(self, path, data):
        return self.request(path, {"csrfmiddlewaretoken": self.csrf_token or "", **data})

    def sign_in(self, email, password):
        self.get("/accounts/login/")
        response = self.post("/accounts/login/", {"login": email, "password": password})
        assert response.status == 302, response
        return response

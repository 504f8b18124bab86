"""Soak benchmark: signed-in members reading and posting at a steady rate for a long time.

It starts, on loopback ports in a temporary directory of its own, a PostgreSQL cluster, Redis,
an SMTP sink, gunicorn (production settings, 2 workers), a Celery worker and Celery beat; makes
one public community with a few forum topics and `--members` members; signs each member in
through the real sign-in form; then each member, in its own thread, makes one request every
`--interval` seconds until `--minutes` have passed: mostly reads (My home, the community, its
forum, a topic) and every `--post-every`th action a forum reply (which queues alerts, search
indexing and email for the Celery worker). Then it stops everything it started.

    .venv/bin/python bench/soak.py --minutes 30            # the full soak
    .venv/bin/python bench/soak.py --minutes 5 --members 20

Goals: no errors (every read 200, every reply 302); p50/p95 latency steady; the gunicorn
workers' resident memory flat (within 10%) between the end of the warm-up and the end. It
prints p50/p95 per minute-sized slice, so a slow drift shows. Loopback only; every loop is
bounded by the deadline, and the run stops by itself.
"""

import argparse
import glob
import http.client
import http.cookies
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "soak-password-correct-horse-2026"
TOPICS = 8


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, process, what, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise SystemExit(f"{what} exited with status {process.returncode}")
        with socket.socket() as s:
            s.settimeout(0.5)
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit(f"{what} did not listen on port {port} within {timeout} s")


def rss_kb(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except FileNotFoundError:
        pass
    return 0


def children(pid):
    found = []
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            fields = Path(stat).read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.split("/")[2]))
    return sorted(found)


class Services:
    """Everything the soak starts; `stop()` ends it all and removes the directory."""

    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="cop-soak-"))
        self.dir.chmod(0o755)
        self.processes = []
        self.pg_bin = Path(sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))[-1]).parent
        self.pg_data = self.dir / "pg"
        self.pg_port = free_port()
        self.as_root = os.geteuid() == 0

    def as_pg(self, *command):
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_root else []
        subprocess.run([*prefix, *map(str, command)], cwd=self.dir, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip

    def start_postgres(self):
        if self.as_root:
            self.pg_data.mkdir()
            shutil.chown(self.pg_data, "postgres")
        self.as_pg(self.pg_bin / "initdb", "-D", self.pg_data, "-U", "cop", "--auth=trust",
                   "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync")  # fmt: skip
        self.as_pg(self.pg_bin / "pg_ctl", "-D", self.pg_data, "-l", self.pg_data / "server.log",
                   "-w", "-t", "60", "start", "-o",
                   f"-c listen_addresses=127.0.0.1 -p {self.pg_port} -k {self.pg_data} "
                   "-c max_connections=100")  # fmt: skip
        self.as_pg(self.pg_bin / "createdb", "-h", "127.0.0.1", "-p", self.pg_port, "-U", "cop",
                   "cop")  # fmt: skip

    def spawn(self, name, command, env):
        log = open(self.dir / f"{name}.log", "w")
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                                   stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)  # fmt: skip
        self.processes.append((name, process))
        return process

    def log(self, name):
        return (self.dir / f"{name}.log").read_text(errors="replace")

    def stop(self):
        for _name, process in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for _name, process in reversed(self.processes):
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(10)
        if (self.pg_data / "postmaster.pid").exists():
            self.as_pg(self.pg_bin / "pg_ctl", "-D", self.pg_data, "-m", "fast", "-w", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)


SEED = """
import django
django.setup()
from allauth.account.models import EmailAddress
from accounts.models import User
from communities.models import Community, Membership
from communities.services import _refresh_member_counts
from forums import services
community = Community.objects.create(
    name="Soak test community", slug="soak", short_description="For the soak benchmark.",
    domain="Load", visibility=Community.Visibility.PUBLIC, stage=Community.Stage.NURTURE,
    status=Community.Status.APPROVED)
users = []
for n in range({members}):
    user = User.objects.create_user(username=f"soak{{n}}", email=f"soak{{n}}@example.org",
                                    password={password!r}, name=f"Soak Member {{n}}")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    role = Membership.Role.FACILITATOR if n == 0 else Membership.Role.MEMBER
    Membership.objects.create(user=user, community=community, role=role)
    users.append(user)
_refresh_member_counts([community.pk])
topics = [services.topic_create(community=community, author=users[n % len(users)],
                                title=f"Soak topic {{n}}", body="<p>Opening post.</p>").pk
          for n in range({topics})]
print("TOPICS", *topics)
"""


class Member:
    """One signed-in member: its own connection, cookies and CSRF token."""

    def __init__(self, port, n):
        self.port = port
        self.email = f"soak{n}@example.org"
        self.cookies = {}
        self.csrf = ""
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method, path, data=None):
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode({"csrfmiddlewaretoken": self.csrf, **data})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in range(2):
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                content = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.connection.close()
                if attempt:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = http.cookies.SimpleCookie(header)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content)
        if token:
            self.csrf = token.group(1).decode()
        return response.status

    def sign_in(self):
        self.request("GET", "/accounts/login/")
        status = self.request(
            "POST", "/accounts/login/", {"login": self.email, "password": PASSWORD}
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"{self.email} could not sign in (status {status})")


def member_loop(member, n, topics, args, deadline, results, lock):
    """Until the deadline: one action every `interval` seconds, a reply every `post_every`th."""
    reads = ["/", "/c/soak/", "/c/soak/forum/", None]
    step = 0
    next_at = time.monotonic() + args.interval * n / args.members  # spread the members out
    while True:
        now = time.monotonic()
        if now >= deadline:
            return
        if next_at > now:
            time.sleep(min(next_at - now, deadline - now))
            continue
        next_at += args.interval
        step += 1
        topic = topics[(n + step) % len(topics)]
        if step % args.post_every == 0:
            kind, method, expected = "reply", "POST", 302
            path = f"/c/soak/forum/t/{topic}/reply/"
            data = {"body": f"<p>Reply {step} from member {n}: steady as she goes.</p>"}
        else:
            kind, method, expected, data = "read", "GET", 200, None
            path = reads[step % len(reads)] or f"/c/soak/forum/t/{topic}/"
        started = time.perf_counter()
        try:
            status = member.request(method, path, data)
        except Exception as error:  # counted, and the member goes on
            status = f"{type(error).__name__}"
        elapsed = (time.perf_counter() - started) * 1000
        with lock:
            results.append((time.monotonic(), kind, path, status, elapsed, status == expected))


def percentile(values, p):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--members", type=int, default=20)
    parser.add_argument("--interval", type=float, default=2.0, help="seconds between actions")
    parser.add_argument("--post-every", type=int, default=10, help="every Nth action replies")
    parser.add_argument("--warmup", type=float, default=60, help="seconds before 'start' RSS")
    args = parser.parse_args()
    if not 1 <= args.members <= 50:
        raise SystemExit("--members must be between 1 and 50")

    services = Services()
    try:
        run(services, args)
    finally:
        services.stop()


def run(services, args):
    print(f"soak: services in {services.dir}")
    services.start_postgres()
    redis_port, smtp_port, web_port = free_port(), free_port(), free_port()
    redis_server = shutil.which("redis-server") or "/usr/bin/redis-server"
    redis = services.spawn("redis", [redis_server, "--bind", "127.0.0.1", "--port",
                                     str(redis_port), "--save", "", "--appendonly", "no"],
                           os.environ.copy())  # fmt: skip
    wait_for_port(redis_port, redis, "Redis")
    smtp = services.spawn("smtp", [sys.executable, "-m", "aiosmtpd", "-n", "-c",
                                   "aiosmtpd.handlers.Sink", "-l", f"127.0.0.1:{smtp_port}"],
                          os.environ.copy())  # fmt: skip
    wait_for_port(smtp_port, smtp, "the SMTP sink")

    env = {k: v for k, v in os.environ.items() if not k.startswith(("CELERY_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="bench.soak_settings",
        SOAK_STATIC_ROOT=str(services.dir / "static"),
        PYTHONPATH=str(ROOT),
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="false",
        SITE_URL="https://soak.example.org",
        DATABASE_URL=f"postgres://cop@127.0.0.1:{services.pg_port}/cop",
        REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
        CELERY_BROKER_URL=f"redis://127.0.0.1:{redis_port}/1",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp_port),
        EMAIL_USE_TLS="false",
        COP_MEDIA_ROOT=str(services.dir / "media"),
        LOG_LEVEL="WARNING",
    )
    manage = [sys.executable, "manage.py"]
    print("soak: migrating and collecting static files")
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    seeded = subprocess.run(
        [sys.executable, "-c", SEED.format(members=args.members, password=PASSWORD, topics=TOPICS)],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    topics = [int(pk) for pk in re.search(r"TOPICS (.*)", seeded.stdout).group(1).split()]

    worker = services.spawn("worker", [sys.executable, "-m", "celery", "-A", "cop_platform",
                                       "worker", "-Q", "default,email", "--concurrency", "1",
                                       "--loglevel", "INFO"], env)  # fmt: skip
    services.spawn("beat", [sys.executable, "-m", "celery", "-A", "cop_platform", "beat",
                            "--loglevel", "INFO", "--schedule", str(services.dir / "beat")],
                   env)  # fmt: skip
    web = services.spawn("web", [sys.executable, "-m", "gunicorn", "cop_platform.wsgi:application",
                                 "--bind", f"127.0.0.1:{web_port}", "--workers", "2",
                                 "--access-logfile", "/dev/null"], env)  # fmt: skip
    wait_for_port(web_port, web, "gunicorn")

    members = [Member(web_port, n) for n in range(args.members)]
    for member in members:
        member.sign_in()
    print(f"soak: {args.members} members signed in; {args.minutes:g} minutes from now it stops")

    results, lock = [], threading.Lock()
    began = time.monotonic()
    deadline = began + args.minutes * 60
    threads = [
        threading.Thread(target=member_loop, args=(m, n, topics, args, deadline, results, lock))
        for n, m in enumerate(members)
    ]
    for thread in threads:
        thread.start()

    def memory():
        workers = children(web.pid)
        celery = [worker.pid, *children(worker.pid)]
        return (
            sum(rss_kb(p) for p in workers) // 1024,
            [rss_kb(p) // 1024 for p in workers],
            sum(rss_kb(p) for p in celery) // 1024,
        )

    first = memory()
    time.sleep(min(args.warmup, args.minutes * 60 / 5))
    start = memory()
    for thread in threads:
        thread.join(args.minutes * 60 + 120)
    end = memory()

    report(results, began, args, first, start, end, services)


def report(results, began, args, first, start, end, services):
    total = len(results)
    errors = [r for r in results if not r[5]]
    print(f"\nsoak: {args.minutes:g} min, {args.members} members, one action per member every "
          f"{args.interval:g} s, a reply every {args.post_every}th")  # fmt: skip
    print(f"requests: {total} ({total / (args.minutes * 60):.1f}/s); errors: {len(errors)}")
    for r in errors[:10]:
        print(f"  error: {r[1]} {r[2]} -> {r[3]}")
    for kind in ("read", "reply"):
        times = [r[4] for r in results if r[1] == kind]
        print(f"{kind:5}: n={len(times)} p50={percentile(times, 50):.0f} ms "
              f"p95={percentile(times, 95):.0f} ms max={max(times, default=0):.0f} ms")  # fmt: skip
    slices = max(1, min(10, round(args.minutes)))
    width = args.minutes * 60 / slices
    line = []
    for i in range(slices):
        times = [r[4] for r in results if i * width <= r[0] - began < (i + 1) * width]
        line.append(f"{percentile(times, 50):.0f}/{percentile(times, 95):.0f}")
    print(f"p50/p95 ms by {width / 60:.1f}-minute slice: " + "  ".join(line))
    print(f"gunicorn workers RSS: {first[0]} MB at start, {start[0]} MB after warm-up "
          f"{start[1]}, {end[0]} MB at end {end[1]} "
          f"({(end[0] - start[0]) / max(start[0], 1):+.1%} since warm-up)")  # fmt: skip
    print(f"celery worker RSS: {start[2]} MB after warm-up, {end[2]} MB at end "
          f"({(end[2] - start[2]) / max(start[2], 1):+.1%})")  # fmt: skip
    worker_log = services.log("worker")
    print(f"celery: {worker_log.count(' succeeded in ')} tasks succeeded, "
          f"{worker_log.count('] ERROR/')} errors logged")  # fmt: skip


if __name__ == "__main__":
    main()

"""Page benchmark: every key page for a signed-in member of 20 communities, side by side with a
bare-Django floor view served the same way, in interleaved rounds.

It starts, on loopback: the generated PostgreSQL cluster (bench/pg.py, filled by
bench/generate.py), Redis, and gunicorn with the production settings (sync, 2 workers,
persistent database connections, the Redis cache, gzip), plus the floor view at /bench-floor/
(20 rows and a count from a 100,000-row table, made here on first use). Then, for each page:

* queries: counted in this process through Django's test client, signed in as the same member,
  on the second of two requests (the first warms the caches);
* bytes: the page over the wire with gzip, and with its CSS and JS;
* c1 p95: the response time's 95th percentile over `--c1` sequential requests (concurrency 1:
  close to the server's own time);
* req/s and p50/p95/p99 latency from `wrk -t2 -c16 -d10s --timeout 10s` with the session
  cookie, rounds interleaved floor, page, floor, page…; each page's ratio is its req/s over the
  floor run just before it; the table shows medians over `--rounds`.

    .venv/bin/python bench/pg.py start /tmp/bench-pg1
    DATABASE_URL=$(.venv/bin/python bench/pg.py url /tmp/bench-pg1) \\
        .venv/bin/python bench/generate.py --scale 0.01
    .venv/bin/python bench/pages.py --pgdata /tmp/bench-pg1 --rounds 3

`--pages thread,forum` measures a subset; `--machina` adds django-machina 1.3.1's topic list and
thread with the same forum sizes (bench/machina/prepare.py: its own venv and database in the same
cluster, served the same way by gunicorn) to every round. It stops what it started (a cluster it
found running is left running) and removes its temporary directory.
"""

import argparse
import gzip
import http.client
import http.cookies
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import pg  # noqa: E402

MEMBER_EMAIL = "bench-member@example.org"
PASSWORD = "bench-password-2026"
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format("BENCH %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    errors, latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def pages_for(tag, expertise, username):
    """(key, label, path) of every key page, in bench-main (bench/generate.py's layout)."""
    return [
        ("home", "community home", "/c/bench-main/"),
        ("forum", "forum topic list (2,500 topics)", "/c/bench-main/forum/"),
        ("thread", "thread, 200 replies", "/c/bench-main/forum/t/1/"),
        ("wiki", "wiki page", "/c/bench-main/wiki/page-1/"),
        ("documents", "document library", "/c/bench-main/documents/"),
        ("finder", "people finder by expertise", f"/people/?expertise={expertise}"),
        ("search", "site search", "/search/?q=council+housing"),
        ("happening", "What's happening", "/activity/"),
        ("myhome", "My home", "/"),
        ("directory", "community directory", "/communities/"),
        ("events", "event list", "/c/bench-main/events/"),
        ("tag", "tag page", f"/tags/{urllib.parse.quote(tag)}/"),
        ("profile", "profile page", f"/people/{username}/"),
    ]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, process, what, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{what} exited with status {process.returncode}")
        with socket.socket() as s:
            s.settimeout(0.5)
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit(f"{what} did not listen on port {port} within {timeout} s")


class Services:
    def __init__(self, pgdata):
        self.dir = Path(tempfile.mkdtemp(prefix="bench-pages-", dir="/tmp"))
        self.processes = []
        self.pgdata = pgdata
        self.started_pg = not pg.running(pgdata)

    def spawn(self, name, command, env, cwd=ROOT):
        log = open(self.dir / f"{name}.log", "w")
        process = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                   stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)  # fmt: skip
        self.processes.append(process)
        return process

    def stop(self):
        for process in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in reversed(self.processes):
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(10)
        if self.started_pg:
            pg.stop(self.pgdata)
        shutil.rmtree(self.dir, ignore_errors=True)


class Browser:
    """One signed-in member over plain HTTP: cookies, gzip, and the page's CSS and JS."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}
        self.csrf = ""

    def request(self, method, path, data=None, gzip_ok=True):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Host": "127.0.0.1"}
        if gzip_ok:
            headers["Accept-Encoding"] = "gzip"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode({"csrfmiddlewaretoken": self.csrf, **data})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        raw = response.read()
        connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for key, morsel in http.cookies.SimpleCookie(header).items():
                self.cookies[key] = morsel.value
        content = gzip.decompress(raw) if response.getheader("Content-Encoding") == "gzip" else raw
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content)
        if token:
            self.csrf = token.group(1).decode()
        return response.status, raw, content

    def sign_in(self):
        self.request("GET", "/accounts/login/")
        status, _, _ = self.request(
            "POST", "/accounts/login/", {"login": MEMBER_EMAIL, "password": PASSWORD}
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"the benchmark member could not sign in (status {status})")

    def weight(self, path):
        """Bytes of the page with gzip, and of the page with its stylesheets and scripts."""
        status, raw, content = self.request("GET", path)
        if status != 200:
            raise SystemExit(f"{path} answered {status}")
        assets = set(re.findall(rb'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', content))
        assets |= set(re.findall(rb'<link[^>]+href="([^"]+)"[^>]+rel="stylesheet"', content))
        assets |= set(re.findall(rb'<script[^>]+src="([^"]+)"', content))
        assets |= set(re.findall(rb'<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"', content))
        total = len(raw)
        for asset in assets:
            _, asset_raw, _ = self.request("GET", asset.decode())
            total += len(asset_raw)
        return len(raw), len(content), total

    def c1(self, path, runs):
        timings = []
        for index in range(runs + 3):
            started = time.perf_counter()
            status, _, _ = self.request("GET", path)
            elapsed = (time.perf_counter() - started) * 1000
            if status != 200:
                raise SystemExit(f"{path} answered {status}")
            if index >= 3:
                timings.append(elapsed)
        return percentile(timings, 95)


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def wrk(base, path, cookie, args, script):
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s",
               "--timeout", "10s", "-s", str(script), "-H", f"Cookie: {cookie}",
               "-H", "Accept-Encoding: gzip", base + path]  # fmt: skip
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    # wrk leaves requests queued in gunicorn's backlog; wait them out so the next run starts on
    # idle workers (one request per worker, each answered after the backlog).
    for _ in range(args.connections):
        parsed = urllib.parse.urlsplit(base)
        connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=120)
        connection.request("GET", "/healthz", headers={"Host": "127.0.0.1"})
        connection.getresponse().read()
        connection.close()
    found = re.search(r"BENCH (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)", output)
    requests, duration, errors, p50, p95, p99 = map(int, found.groups())
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors += int(non2xx.group(1)) if non2xx else 0
    return {"rps": requests / (duration / 1e6), "errors": errors,
            "p50": p50 / 1000, "p95": p95 / 1000, "p99": p99 / 1000}  # fmt: skip


def setup_django(env):
    os.environ.update(env)
    import django

    django.setup()


def ensure_floor_table():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_floor_row (id bigserial PRIMARY KEY, "
            "title varchar(200) NOT NULL, body text NOT NULL, created timestamptz NOT NULL)"
        )
        cursor.execute("SELECT count(*) FROM bench_floor_row")
        if cursor.fetchone()[0] < 100_000:
            cursor.execute("TRUNCATE bench_floor_row")
            cursor.execute(
                "INSERT INTO bench_floor_row (title, body, created) SELECT 'Row ' || n, "
                "repeat('Some words of a floor row. ', 8) || n, now() - n * interval '1 minute' "
                "FROM generate_series(1, 100000) n"
            )
            cursor.execute(
                "CREATE INDEX IF NOT EXISTS bench_floor_created ON bench_floor_row "
                "(created DESC, id DESC)"
            )
            cursor.execute("ANALYZE bench_floor_row")


def count_queries(paths):
    """Queries per page on the second of two requests, through the test client."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="bench-member"))
    counts = {}
    for key, path in paths:
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code} to the test client")
        counts[key] = len(captured.captured_queries)
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--pgdata", required=True, help="bench/pg.py's directory, e.g. /tmp/bench-pg1"
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--c1", type=int, default=40, help="sequential requests for c1 p95")
    parser.add_argument("--pages", default="", help="comma-separated keys (default: all)")
    parser.add_argument("--machina", action="store_true", help="add the django-machina peer")
    args = parser.parse_args()
    services = Services(args.pgdata)
    try:
        run(services, args)
    finally:
        services.stop()


def run(services, args):
    database_url = pg.start(args.pgdata)
    redis_port, web_port = free_port(), free_port()
    redis_server = shutil.which("redis-server") or "/usr/bin/redis-server"
    redis = services.spawn("redis", [redis_server, "--bind", "127.0.0.1", "--port",
                                     str(redis_port), "--save", "", "--appendonly", "no"],
                           os.environ.copy())  # fmt: skip
    wait_for_port(redis_port, redis, "Redis")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CELERY_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="bench.pages_settings",
        BENCH_STATIC_ROOT=str(services.dir / "static"),
        PYTHONPATH=str(ROOT),
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,testserver",
        SITE_URL="https://bench.example.org",
        DATABASE_URL=database_url,
        REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
        CELERY_BROKER_URL=f"redis://127.0.0.1:{redis_port}/1",
        COP_MEDIA_ROOT=str(services.dir / "media"),
        LOG_LEVEL="WARNING",
    )
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    setup_django(env)
    ensure_floor_table()

    from django.db import connection
    from taggit.models import Tag

    from accounts.models import User
    from communities.models import Community

    tag = Tag.objects.get(pk=1).slug
    expertise = Tag.objects.get(pk=2).name
    profile = User.objects.get(pk=2).username
    everything = pages_for(tag, expertise, profile)
    wanted = set(filter(None, args.pages.split(",")))
    pages = [p for p in everything if not wanted or p[0] in wanted]
    counts = count_queries([("floor", "/bench-floor/")] + [(k, path) for k, _, path in pages])
    sizes = {
        "members": User.objects.count(),
        "communities": Community.objects.count(),
    }
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM forums_post), (SELECT count(*) FROM "
            "search_searchdocument), (SELECT count(*) FROM activity_activity)"
        )
        sizes["posts"], sizes["search rows"], sizes["activity rows"] = cursor.fetchone()
    connection.close()

    web = services.spawn("web", [sys.executable, "-m", "gunicorn", "cop_platform.wsgi:application",
                                 "--bind", f"127.0.0.1:{web_port}", "--workers", "2",
                                 "--worker-class", "sync", "--access-logfile", "/dev/null"],
                         {**env, "DJANGO_SETTINGS_MODULE": "bench.pages_settings"})  # fmt: skip
    wait_for_port(web_port, web, "gunicorn")
    browser = Browser(web_port)
    browser.sign_in()
    cookie = "; ".join(f"{k}={v}" for k, v in browser.cookies.items())
    base = f"http://127.0.0.1:{web_port}"
    script = services.dir / "report.lua"
    script.write_text(WRK_SCRIPT)

    measured = [("floor", "floor (bare Django, 20 rows + count)", "/bench-floor/"), *pages]
    weights = {key: browser.weight(path) for key, _, path in measured}
    c1 = {key: browser.c1(path, args.c1) for key, _, path in measured}
    peer, peer_base, peer_cookie = [], "", ""
    if args.machina:
        peer, peer_base, peer_cookie = start_machina(services, args)
        peer_browser = Browser(int(peer_base.rsplit(":", 1)[1]))
        peer_browser.cookies = dict([peer_cookie.split("=", 1)])
        for key, _, path in peer:
            weights[key] = peer_browser.weight(path)
            c1[key] = peer_browser.c1(path, args.c1)

    runs = {key: [] for key, _, _ in measured + peer}
    ratios = {key: [] for key, _, _ in measured + peer}
    print(f"bench/pages.py: {sizes}; load {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs",
          flush=True)  # fmt: skip
    for round_ in range(1, args.rounds + 1):
        for key, _, path in pages + peer:
            floor = wrk(base, "/bench-floor/", cookie, args, script)
            runs["floor"].append(floor)
            theirs = key.startswith("machina")
            result = wrk(peer_base if theirs else base, path, peer_cookie if theirs else cookie,
                         args, script)  # fmt: skip
            runs[key].append(result)
            ratios[key].append(result["rps"] / max(floor["rps"], 0.01))
            print(f"  round {round_} {key:<10} {result['rps']:7.1f} req/s "
                  f"(floor {floor['rps']:7.1f}) errors {result['errors']}", flush=True)  # fmt: skip
    report(measured + peer, runs, ratios, counts, weights, c1, args)


def start_machina(services, args):
    """django-machina's topic list and thread, served by gunicorn like the platform."""
    from bench.machina.prepare import PYTHON, prepare

    (forum, thread, cookie), env = prepare(args.pgdata)
    port = free_port()
    web = services.spawn("machina", [str(PYTHON), "-m", "gunicorn",
                                     "django.core.wsgi:get_wsgi_application()", "--bind",
                                     f"127.0.0.1:{port}", "--workers", "2", "--worker-class",
                                     "sync", "--access-logfile", "/dev/null"], env,
                         cwd=PYTHON.parent)  # fmt: skip
    wait_for_port(port, web, "django-machina's gunicorn")
    pages = [("machina-forum", "django-machina topic list", forum),
             ("machina-thread", "django-machina thread, 200 replies", thread)]  # fmt: skip
    return pages, f"http://127.0.0.1:{port}", cookie


def report(measured, runs, ratios, counts, weights, c1, args):
    def median(key, field):
        return statistics.median(r[field] for r in runs[key]) if runs[key] else float("nan")

    print()
    print(f"medians of {args.rounds} rounds; wrk -t{args.threads} -c{args.connections} "
          f"-d{args.duration}s; load now {os.getloadavg()[0]:.1f}")  # fmt: skip
    header = (f"{'page':<38}{'req/s':>8}{'ratio':>7}{'p50':>7}{'p95':>7}{'p99':>7}{'c1 p95':>8}"
              f"{'queries':>8}{'HTML KB':>9}{'gz KB':>7}{'+CSS/JS':>9}")  # fmt: skip
    print(header)
    print("-" * len(header))
    machina = {key: median(key, "rps") for key, _, _ in measured if key.startswith("machina")}
    for key, label, _ in measured:
        ratio = statistics.median(ratios[key]) if ratios[key] else 1.0
        weight = weights.get(key)
        print(f"{label[:37]:<38}{median(key, 'rps'):>8.1f}{ratio:>7.2f}{median(key, 'p50'):>7.0f}"
              f"{median(key, 'p95'):>7.0f}{median(key, 'p99'):>7.0f}{c1[key]:>8.1f}"
              f"{counts.get(key, '-'):>8}"
              + (f"{weight[1] / 1024:>9.1f}{weight[0] / 1024:>7.1f}{weight[2] / 1024:>9.1f}"
                 if weight else ""))  # fmt: skip
    for ours, theirs in (("forum", "machina-forum"), ("thread", "machina-thread")):
        if theirs in machina and runs.get(ours):
            print(f"{ours} against django-machina: {median(ours, 'rps') / machina[theirs]:.2f}x")
    errors = sum(r["errors"] for key in runs for r in runs[key])
    print(f"errors (socket or non-2xx) over all wrk runs: {errors}")
    print(
        "latencies in ms (wrk at -c16; c1 p95 = sequential requests); ratio = req/s over the "
        "floor run just before it"
    )


if __name__ == "__main__":
    main()

#!/usr/bin/env bash
# The whole test suite, as CI runs it (`make test` -> this script, with PY=.venv/bin/python).
#
# 1. Installs the Debian packages it needs when they are missing (postgresql, redis-server,
#    chromium, npm).
# 2. Starts a throwaway PostgreSQL cluster and Redis server on free loopback ports, in a
#    directory of its own (so several runs on one machine do not collide), and stops them on exit;
#    then migrates the test template database in the background (tests/fixtures/template_db.py).
# 3. Fast checks meanwhile: ruff, the import layers, and no model change without its migration.
# 4. Vendors axe-core from npm into tests/browser/vendor/ and installs the test OpenID Connect
#    provider (tests/sso_idp) when missing.
# 5. Runs pytest with xdist, with DATABASE_URL and REDIS_URL set, and COP_TEST_SERVICES=1 so that
#    integration and browser tests fail instead of skipping when a service is missing.
#
# Extra arguments are passed to pytest: `make test PYTEST_ARGS="tests/core -x"`.
# Environment knobs: TEST_WORKERS (xdist workers, default 3: the browser and integration tests
# spend much of their time waiting on Chromium, servers and workers, so a third keeps 2 cores
# busy); SKIP_CHECKS=1 skips ruff and the migrations check while iterating (ignored when
# CI=true); KEEP_LOGS=1 keeps the PostgreSQL and Redis logs of a failed run.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT="$(pwd)"
PY="${PY:-.venv/bin/python}"
WORKERS="${TEST_WORKERS:-3}"

say() { printf '\n==> %s\n' "$*"; }
die() { printf '\nmake test: %s\n' "$*" >&2; exit 1; }

[ -x "$PY" ] || die "no Python at $PY (run 'make install' first)."

# Bytecode is cached (in the __pycache__ folders git ignores) even where PYTHONDONTWRITEBYTECODE
# is set: the run starts some forty Python processes that import the project (the template
# build, the pytest workers, Celery workers, web servers), and without the cache each compiles
# every module again and each pytest worker rewrites every test module's asserts again.
unset PYTHONDONTWRITEBYTECODE

# --- 1. System packages --------------------------------------------------------------------------
pg_bindir() {
    # The newest installed PostgreSQL's bin directory, e.g. /usr/lib/postgresql/15/bin.
    local d best=""
    for d in /usr/lib/postgresql/*/bin; do
        [ -x "$d/initdb" ] && best="$d"
    done
    printf '%s' "$best"
}

missing=()
[ -n "$(pg_bindir)" ] || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ] || missing+=(redis-server)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v npm >/dev/null 2>&1 || missing+=(npm)

if [ "${#missing[@]}" -gt 0 ]; then
    say "installing Debian packages: ${missing[*]}"
    if [ "$(id -u)" -eq 0 ]; then
        APT=(env DEBIAN_FRONTEND=noninteractive)
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        APT=(sudo -n env DEBIAN_FRONTEND=noninteractive)
    else
        die "these Debian packages are missing: ${missing[*]}.
Install them as root and run 'make test' again:
    apt-get update && apt-get install -y ${missing[*]}"
    fi
    "${APT[@]}" apt-get update -q || die "apt-get update failed."
    "${APT[@]}" apt-get install -y -q "${missing[@]}" \
        || die "could not install: ${missing[*]}."
fi

PG_BIN="$(pg_bindir)"
[ -n "$PG_BIN" ] || die "PostgreSQL is installed but no /usr/lib/postgresql/*/bin/initdb was found."
REDIS_SERVER="$(command -v redis-server || echo /usr/bin/redis-server)"

# --- 2. Throwaway PostgreSQL and Redis ---------------------------------------------------------
free_port() {
    # First free loopback TCP port at or above $1.
    "$PY" - "$1" <<'EOF'
import socket, sys
port = int(sys.argv[1])
for candidate in range(port, port + 2000):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", candidate))
        except OSError:
            continue
        print(candidate)
        break
else:
    sys.exit("no free port")
EOF
}

SERVICES="$(mktemp -d /tmp/cop-test-services.XXXXXX)"
chmod 755 "$SERVICES"
PG_DIR="$SERVICES/pg"
PG_PORT=""
REDIS_PID=""
TEMPLATE_PID=""

if [ "$(id -u)" -eq 0 ]; then
    PG_USER=postgres
    id postgres >/dev/null 2>&1 || die "running as root but there is no 'postgres' OS user to run PostgreSQL."
    as_pg() { (cd "$SERVICES" && runuser -u postgres -- "$@"); }
else
    PG_USER="$(id -un)"
    as_pg() { (cd "$SERVICES" && "$@"); }
fi

cleanup() {
    local status=$?
    trap - EXIT INT TERM
    if [ -n "$TEMPLATE_PID" ]; then
        kill "$TEMPLATE_PID" 2>/dev/null || true
        wait "$TEMPLATE_PID" 2>/dev/null || true
    fi
    if [ -n "$PG_PORT" ] && [ -f "$PG_DIR/data/postmaster.pid" ]; then
        as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
    fi
    if [ -n "$REDIS_PID" ]; then
        kill "$REDIS_PID" 2>/dev/null || true
        wait "$REDIS_PID" 2>/dev/null || true
    fi
    if [ "$status" -ne 0 ] && [ -n "${KEEP_LOGS:-}" ]; then
        echo "service logs kept in $SERVICES" >&2
    else
        rm -rf "$SERVICES"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

say "starting PostgreSQL ($PG_BIN) as $PG_USER"
mkdir -p "$PG_DIR"
[ "$PG_USER" = "$(id -un)" ] || chown "$PG_USER" "$PG_DIR"
as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U cop --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
    --no-sync >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log" >&2; die "initdb failed."; }
started=""
for attempt in 1 2 3 4 5; do
    PG_PORT="$(free_port $((55432 + RANDOM % 500)))"
    # Loopback only, trust auth (initdb --auth=trust), no durability: it is thrown away.
    if as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 start -o \
        "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=off \
         -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" >/dev/null; then
        started=1
        break
    fi
    echo "PostgreSQL did not start on port $PG_PORT (attempt $attempt); retrying." >&2
done
[ -n "$started" ] || { cat "$PG_DIR/server.log" >&2; die "PostgreSQL would not start."; }
as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U cop cop \
    || die "could not create the 'cop' database."

say "starting Redis"
REDIS_DIR="$SERVICES/redis"
mkdir -p "$REDIS_DIR"
started=""
for attempt in 1 2 3 4 5; do
    REDIS_PORT="$(free_port $((56379 + RANDOM % 500)))"
    "$REDIS_SERVER" --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$REDIS_DIR" --save "" \
        --appendonly no --databases 64 --daemonize no --logfile "$REDIS_DIR/redis.log" &
    REDIS_PID=$!
    for _ in $(seq 50); do
        if "$PY" - "$REDIS_PORT" <<'EOF' 2>/dev/null
import sys, redis
redis.Redis(host="127.0.0.1", port=int(sys.argv[1]), socket_connect_timeout=0.2).ping()
EOF
        then started=1; break; fi
        kill -0 "$REDIS_PID" 2>/dev/null || break
        sleep 0.1
    done
    [ -n "$started" ] && break
    kill "$REDIS_PID" 2>/dev/null || true
    wait "$REDIS_PID" 2>/dev/null || true
    REDIS_PID=""
    echo "Redis did not start on port $REDIS_PORT (attempt $attempt); retrying." >&2
done
[ -n "$started" ] || { cat "$REDIS_DIR/redis.log" >&2 2>/dev/null; die "Redis would not start."; }

export DATABASE_URL="postgres://cop@127.0.0.1:$PG_PORT/cop"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
export COP_TEST_SERVICES=1  # integration and browser tests must run, never skip
unset CELERY_BROKER_URL EMAIL_BACKEND CELERY_TASK_ALWAYS_EAGER

# The migrated template database the workers' test databases are copied from, built in the
# background while the checks, the npm installs and pytest's collection run (tests/conftest.py
# waits for it; tests/fixtures/template_db.py).
export COP_TEST_TEMPLATE_READY="$SERVICES/template.ready"
"$PY" -m tests.fixtures.template_db "$COP_TEST_TEMPLATE_READY" >"$SERVICES/template.log" 2>&1 &
TEMPLATE_PID=$!
export COP_TEST_TEMPLATE_PID="$TEMPLATE_PID"

# --- 3. Fast checks -----------------------------------------------------------------------------
# SKIP_CHECKS=1 skips these while iterating on a few tests; CI (CI=true) always runs them.
if [ -n "${SKIP_CHECKS:-}" ] && [ "${CI:-}" != "true" ]; then
    say "skipping ruff and the migrations check (SKIP_CHECKS is set)"
else
    say "ruff check ."
    "$PY" -m ruff check . || die "ruff found problems (see above; 'ruff check --fix' fixes some)."

    say "lint-imports (the layers in docs/architecture.md)"
    "$(dirname "$PY")/lint-imports" --no-cache \
        || die "an app imports a layer above its own (see the contract above and docs/architecture.md)."

    say "makemigrations --check"
    DJANGO_SETTINGS_MODULE=cop_platform.settings.test DATABASE_URL="sqlite://:memory:" \
        "$PY" manage.py makemigrations --check --dry-run \
        || die "a model change has no migration: run 'manage.py makemigrations' and commit it."
fi

# --- 4. axe-core and the test OpenID Connect provider -------------------------------------------
AXE="tests/browser/vendor/node_modules/axe-core/axe.min.js"
if [ ! -f "$AXE" ]; then
    say "vendoring axe-core 4.x from npm into tests/browser/vendor/"
    mkdir -p tests/browser/vendor
    npm install --prefix tests/browser/vendor --no-audit --no-fund --no-save --loglevel=error \
        axe-core@4 || die "npm could not install axe-core@4."
    [ -f "$AXE" ] || die "axe-core installed but $AXE is missing."
fi

# The local OpenID Connect provider the single sign-on tests start (tests/sso_idp, locked).
IDP_INSTALLED="tests/sso_idp/node_modules/.package-lock.json"
if [ ! -f "$IDP_INSTALLED" ] || [ tests/sso_idp/package-lock.json -nt "$IDP_INSTALLED" ]; then
    say "installing the test OpenID Connect provider (npm ci in tests/sso_idp/)"
    npm ci --prefix tests/sso_idp --no-audit --no-fund --loglevel=error \
        || die "npm ci in tests/sso_idp failed: the single sign-on tests need oidc-provider."
fi

# --- 5. pytest -----------------------------------------------------------------------------------
say "pytest -n $WORKERS (PostgreSQL on $PG_PORT, Redis on $REDIS_PORT)"
set +e
"$PY" -m pytest -n "$WORKERS" --dist worksteal --timeout=300 --durations=10 -ra "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
    echo "make test: pytest collected no tests; that is a failure." >&2
    exit 5
fi
exit "$status"

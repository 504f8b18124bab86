"""Prepares the django-machina 1.3.1 peer for bench/pages.py --machina: a venv of its own in
/tmp/bench-machina/venv (django-machina==1.3.1 from PyPI, gunicorn, psycopg 3), a `machina`
database in the benchmark's PostgreSQL cluster, migrated and loaded (bench/machina/load.py).

    .venv/bin/python bench/machina/prepare.py --pgdata /tmp/bench-pg1

Prints the venv's python, then the topic list's path, the thread's path and a session cookie
(also written to /tmp/bench-machina/pages.txt). Idempotent: a second run reuses all of it.
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from bench import pg  # noqa: E402

HOME = Path("/tmp/bench-machina")
PYTHON = HOME / "venv" / "bin" / "python"


def environment(pgdata):
    port = pg.url(pgdata).rsplit(":", 1)[1].split("/")[0]
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "settings", "PYTHONPATH": str(HERE),
            "MACHINA_DB_PORT": port}  # fmt: skip


def prepare(pgdata):
    HOME.mkdir(exist_ok=True)
    if not PYTHON.exists():
        subprocess.run([sys.executable, "-m", "venv", str(HOME / "venv")], check=True)
        subprocess.run([str(PYTHON), "-m", "pip", "install", "-q", "django-machina==1.3.1",
                        "gunicorn", "psycopg[binary]==3.3.9"], check=True)  # fmt: skip
    pg.start(pgdata)
    exists = subprocess.run(
        ["psql", pg.url(pgdata, "postgres"), "-tAc",
         "SELECT 1 FROM pg_database WHERE datname = 'machina'"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    if not exists:
        subprocess.run(["psql", pg.url(pgdata, "postgres"), "-qc", "CREATE DATABASE machina"],
                       check=True)  # fmt: skip
    env = environment(pgdata)
    subprocess.run([str(PYTHON), "-m", "django", "migrate", "--noinput", "-v0"], cwd=HERE,
                   env=env, check=True)  # fmt: skip
    loaded = subprocess.run([str(PYTHON), str(HERE / "load.py")], cwd=HERE, env=env, check=True,
                            capture_output=True, text=True).stdout.split()  # fmt: skip
    (HOME / "pages.txt").write_text(" ".join(loaded[-3:]))
    return loaded[-3:], env


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pgdata", required=True)
    args = parser.parse_args()
    pages, _ = prepare(args.pgdata)
    print(PYTHON, *pages)


if __name__ == "__main__":
    main()

"""A throwaway PostgreSQL cluster for the benchmarks, kept in a directory of its own under /tmp
so generated data survives between runs (the generator resumes; the page benchmark reuses it).

    .venv/bin/python bench/pg.py start /tmp/bench-pg     # prints DATABASE_URL=…
    .venv/bin/python bench/pg.py stop /tmp/bench-pg
    .venv/bin/python bench/pg.py destroy /tmp/bench-pg   # stop and delete the directory

Loopback only, trust authentication, no fsync: it holds generated data, never real data.
The port is fixed per directory (written to `port`), so a restarted cluster keeps its address.
"""

import glob
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path


def _bin():
    return Path(sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))[-1]).parent


def _as_pg(directory, *command, quiet=True):
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run(
        [*prefix, *map(str, command)],
        cwd=directory,
        check=True,
        stdout=subprocess.DEVNULL if quiet else None,
    )


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def url(directory, database="cop"):
    port = (Path(directory) / "port").read_text().strip()
    return f"postgres://cop@127.0.0.1:{port}/{database}"


def running(directory):
    return (Path(directory) / "data" / "postmaster.pid").exists()


def start(directory):
    """Start (creating on first use) the cluster in `directory`; return its DATABASE_URL."""
    directory = Path(directory)
    if not str(directory.resolve()).startswith("/tmp/"):
        raise SystemExit("benchmark clusters live under /tmp (e.g. /tmp/bench-pg)")
    data = directory / "data"
    directory.mkdir(parents=True, exist_ok=True)
    directory.chmod(0o755)
    if not data.exists():
        data.mkdir()
        if os.geteuid() == 0:
            shutil.chown(data, "postgres")
        _as_pg(directory, _bin() / "initdb", "-D", data, "-U", "cop", "--auth=trust",
               "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync")  # fmt: skip
        (directory / "port").write_text(str(_free_port()))
    if not running(directory):
        port = (directory / "port").read_text().strip()
        options = (
            f"-c listen_addresses=127.0.0.1 -p {port} -k {data} -c max_connections=100 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c shared_buffers=1GB -c work_mem=32MB -c maintenance_work_mem=512MB "
            "-c max_wal_size=8GB -c checkpoint_timeout=30min "
            # What docs/deployment.md asks of the database server for a site of this size.
            "-c effective_cache_size=12GB -c random_page_cost=1.1"
        )
        _as_pg(directory, _bin() / "pg_ctl", "-D", data, "-l", data / "server.log", "-w",
               "-t", "120", "start", "-o", options)  # fmt: skip
        exists = subprocess.run(
            ["psql", url(directory, "postgres"), "-tAc",
             "SELECT 1 FROM pg_database WHERE datname='cop'"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
        if not exists:
            subprocess.run(["psql", url(directory, "postgres"), "-qc", "CREATE DATABASE cop"],
                           check=True)  # fmt: skip
    return url(directory)


def stop(directory):
    directory = Path(directory)
    if running(directory):
        _as_pg(directory, _bin() / "pg_ctl", "-D", directory / "data", "-m", "fast", "-w", "stop")


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in {"start", "stop", "destroy", "url"}:
        raise SystemExit(__doc__)
    action, directory = sys.argv[1], sys.argv[2]
    if action == "start":
        print(f"DATABASE_URL={start(directory)}")
    elif action == "url":
        print(url(directory))
    else:
        stop(directory)
        if action == "destroy":
            shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    main()

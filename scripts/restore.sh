#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into an EMPTY database and an empty media root
# (docs/deployment.md, "Backup and restore").
#
#   DATABASE_URL=postgres://cop:...@host:5432/cop COP_MEDIA_ROOT=/app/var/media \
#       scripts/restore.sh BACKUP_DIR           # or: make restore BACKUP=...
#
# Stop web, worker and beat first. In order, it:
#   1. checks the backup's own checksums (SHA256SUMS), so a damaged copy is refused up front;
#   2. refuses a database that has any table, sequence or view, and a media root with any file
#      in it: a restore never mixes with what is there (create a new database, or drop and
#      recreate the old one, and empty the media root first);
#   3. restores the database with pg_restore in one transaction (all or nothing);
#   4. unpacks the files and checks every one against media.sha256.
# Then run `manage.py migrate`, start Redis empty, then worker, beat and web (docs).
set -euo pipefail

die() { printf 'restore: %s\n' "$*" >&2; exit 1; }

BACKUP="${1:-}"
DATABASE_URL="${DATABASE_URL:-}"
MEDIA_ROOT="${COP_MEDIA_ROOT:-var/media}"
PG_RESTORE="${PG_RESTORE:-pg_restore}"
PSQL="${PSQL:-psql}"

[ -n "$BACKUP" ] || die "usage: scripts/restore.sh BACKUP_DIR (a directory made by scripts/backup.sh)."
[ -f "$BACKUP/SHA256SUMS" ] || die "$BACKUP has no SHA256SUMS: not a complete backup."
case "$DATABASE_URL" in
    postgres://* | postgresql://*) ;;
    "") die "set DATABASE_URL to the (empty) PostgreSQL database to restore into." ;;
    *) die "DATABASE_URL is not a PostgreSQL address." ;;
esac
command -v "$PG_RESTORE" >/dev/null 2>&1 || die "$PG_RESTORE not found (install postgresql-client)."
command -v "$PSQL" >/dev/null 2>&1 || die "$PSQL not found (install postgresql-client)."

echo "restore: 1. checking the backup's checksums"
(cd "$BACKUP" && sha256sum --check --quiet SHA256SUMS) || die "the backup in $BACKUP is damaged."

echo "restore: 2. checking that the database and the media root are empty"
existing="$("$PSQL" --no-password --dbname="$DATABASE_URL" --tuples-only --no-align --command \
    "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('r', 'p', 'S', 'v', 'm')
       AND n.nspname NOT IN ('pg_catalog', 'information_schema')
       AND n.nspname NOT LIKE 'pg_toast%'")" || die "cannot connect to the database."
[ "$existing" = "0" ] || die "the database is not empty ($existing tables, sequences or views); restore into a new, empty database."
mkdir -p "$MEDIA_ROOT"
[ -z "$(find "$MEDIA_ROOT" -mindepth 1 -type f -print -quit)" ] \
    || die "the media root $MEDIA_ROOT already holds files; restore into an empty one."

echo "restore: 3. database <- $BACKUP/database.dump"
"$PG_RESTORE" --no-password --no-owner --no-acl --exit-on-error --single-transaction \
    --dbname="$DATABASE_URL" "$BACKUP/database.dump" || die "pg_restore failed; nothing was restored."

echo "restore: 4. files <- $BACKUP/media.tar.gz into $MEDIA_ROOT"
tar --extract --gzip --file="$BACKUP/media.tar.gz" --directory="$MEDIA_ROOT" --no-same-owner \
    || die "tar failed."
if [ -s "$BACKUP/media.sha256" ]; then
    (cd "$MEDIA_ROOT" && sha256sum --check --quiet --strict "$(cd "$BACKUP" && pwd)/media.sha256") \
        || die "restored files do not match media.sha256."
fi

echo "restore: done: $(wc -l <"$BACKUP/media.sha256") files checked. Next: manage.py migrate, start Redis empty, then worker, beat and web."

#!/usr/bin/env bash
# Back up the database and the uploaded files (docs/deployment.md, "Backup and restore").
#
#   DATABASE_URL=postgres://cop:...@host:5432/cop COP_MEDIA_ROOT=/app/var/media \
#       scripts/backup.sh [OUTPUT_DIR]          # or: make backup BACKUP_DIR=...
#
# Writes OUTPUT_DIR/cop-<UTC time>/ (OUTPUT_DIR defaults to var/backups) holding:
#   database.dump   pg_dump's custom format (-Fc: compressed, restored with pg_restore)
#   media.tar.gz    every file under the media root (COP_MEDIA_ROOT, else var/media)
#   media.sha256    a SHA-256 checksum of each of those files, by path under the media root
#   SHA256SUMS      checksums of the three files above, so a damaged copy is noticed
#   backup.txt      when, from which database, with which pg_dump
# The database is dumped first, then the files: a file is written before the row that names
# it is committed, so every file the dump refers to is in the archive (unless it was deleted
# meanwhile). The site may keep running; pg_dump reads one consistent snapshot.
# A backup is assembled in a .partial directory and renamed only when complete.
set -euo pipefail

die() { printf 'backup: %s\n' "$*" >&2; exit 1; }

DATABASE_URL="${DATABASE_URL:-}"
MEDIA_ROOT="${COP_MEDIA_ROOT:-var/media}"
OUTPUT_DIR="${1:-var/backups}"
PG_DUMP="${PG_DUMP:-pg_dump}"

case "$DATABASE_URL" in
    postgres://* | postgresql://*) ;;
    "") die "set DATABASE_URL to the PostgreSQL database to back up." ;;
    *) die "DATABASE_URL is not a PostgreSQL address; only PostgreSQL is backed up here." ;;
esac
command -v "$PG_DUMP" >/dev/null 2>&1 || die "$PG_DUMP not found (install postgresql-client)."
[ -d "$MEDIA_ROOT" ] || die "the media root $MEDIA_ROOT is not a directory (set COP_MEDIA_ROOT)."

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUTPUT_DIR"
target="$OUTPUT_DIR/cop-$stamp"
partial="$target.partial"
[ ! -e "$target" ] || die "$target already exists."
rm -rf "$partial"
mkdir -p "$partial"
trap 'rm -rf "$partial"' EXIT

echo "backup: database -> $target/database.dump"
"$PG_DUMP" --format=custom --no-password --dbname="$DATABASE_URL" --file="$partial/database.dump" \
    || die "pg_dump failed."

echo "backup: files under $MEDIA_ROOT -> $target/media.tar.gz"
(cd "$MEDIA_ROOT" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum) \
    >"$partial/media.sha256" || die "could not checksum the files under $MEDIA_ROOT."
tar --create --gzip --file="$partial/media.tar.gz" --directory="$MEDIA_ROOT" --numeric-owner . \
    || die "tar failed."

{
    echo "created: $stamp"
    echo "database: ${DATABASE_URL%%\?*}" | sed -E 's#//([^:@/]+):[^@/]*@#//\1:***@#'
    echo "pg_dump: $("$PG_DUMP" --version)"
    echo "media root: $MEDIA_ROOT"
    echo "files: $(wc -l <"$partial/media.sha256")"
} >"$partial/backup.txt"
(cd "$partial" && sha256sum database.dump media.tar.gz media.sha256 >SHA256SUMS)

mv "$partial" "$target"
trap - EXIT
echo "backup: done: $target"

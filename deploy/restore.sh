#!/usr/bin/env bash
# Restore a backup (deploy/backup.sh) into a clean environment, and verify it.
#   deploy/restore.sh [SNAPSHOT]           extract (default: latest), verify, load
#   deploy/restore.sh extract DIR [SNAPSHOT]  only extract into DIR (inspect it first)
#   deploy/restore.sh load DIR                verify DIR's checksums, then load it
# Loads into: RESTORE_DAGSTER_DB_URL (a new, empty PostgreSQL database), RESTORE_WAREHOUSE_DB_URL
# (idem, when the backup has a warehouse), RESTORE_STORAGE_URL (s3://bucket/prefix, AWS_* for it).
# A file or object whose checksum does not match the backup stops the restore and is named.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

restic_() {
  AWS_ACCESS_KEY_ID="${BACKUP_AWS_ACCESS_KEY_ID:-${AWS_ACCESS_KEY_ID:-}}" \
  AWS_SECRET_ACCESS_KEY="${BACKUP_AWS_SECRET_ACCESS_KEY:-${AWS_SECRET_ACCESS_KEY:-}}" \
  AWS_CA_BUNDLE= restic --no-cache "$@"
}

extract() {  # DIR [SNAPSHOT]
  : "${RESTIC_REPOSITORY:?set RESTIC_REPOSITORY}" "${RESTIC_PASSWORD:?set RESTIC_PASSWORD}"
  restic_ restore "${2:-latest}" --host jobintel --target "$1"
  echo "extracted snapshot ${2:-latest} into $1"
}

load() {  # DIR
  local dir="$1"
  : "${RESTORE_DAGSTER_DB_URL:?set RESTORE_DAGSTER_DB_URL}" "${RESTORE_STORAGE_URL:?set RESTORE_STORAGE_URL}"
  (cd "$dir" && sha256sum --quiet -c DUMPS.sha256) || { echo "restore stopped: a database dump does not match its checksum" >&2; exit 2; }
  python3 "$here/backup/bucket.py" verify "$dir/storage"
  pg_restore --no-owner --exit-on-error -d "$RESTORE_DAGSTER_DB_URL" "$dir/dagster.dump"
  if [ -f "$dir/warehouse.dump" ]; then
    : "${RESTORE_WAREHOUSE_DB_URL:?the backup has a warehouse: set RESTORE_WAREHOUSE_DB_URL}"
    pg_restore --no-owner --exit-on-error -d "$RESTORE_WAREHOUSE_DB_URL" "$dir/warehouse.dump"
  fi
  python3 "$here/backup/bucket.py" upload "$dir/storage" "$RESTORE_STORAGE_URL"
  runs="$(psql -At -d "$RESTORE_DAGSTER_DB_URL" -c 'select count(*) from runs')"
  echo "restore verified: ${runs} Dagster runs, every object's checksum matches"
}

case "${1:-}" in
  extract) extract "$2" "${3:-}" ;;
  load) load "$2" ;;
  *)
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    extract "$work" "${1:-}"
    load "$work" ;;
esac

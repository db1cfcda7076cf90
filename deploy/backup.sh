#!/usr/bin/env bash
# Nightly backup: the Dagster database, the warehouse database (when it is PostgreSQL) and the
# storage bucket, into an offsite restic repository. restic encrypts on this side (AES-256, key from
# RESTIC_PASSWORD), deduplicates, checksums every blob, keeps the retention and verifies: one
# well-kept tool instead of pg_dump | gpg | aws s3 cp plus hand-written retention.
#
# Reads: RESTIC_REPOSITORY (e.g. s3:https://s3.eu-west-1.amazonaws.com/jobintel-backups/restic),
#        RESTIC_PASSWORD, BACKUP_AWS_ACCESS_KEY_ID / BACKUP_AWS_SECRET_ACCESS_KEY (the offsite bucket's
#        credentials), DAGSTER_PG_HOST/PORT/USER/DB and DAGSTER_PG_PASSWORD, JOBINTEL_WAREHOUSE_URL,
#        JOBINTEL_STORAGE_URL with AWS_* for the storage bucket (MinIO), KEEP_DAILY (14), KEEP_WEEKLY (8).
# Usable as the chart's CronJob command and by hand: deploy/backup.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
: "${RESTIC_REPOSITORY:?set RESTIC_REPOSITORY}" "${RESTIC_PASSWORD:?set RESTIC_PASSWORD}"
: "${DAGSTER_PG_HOST:?}" "${DAGSTER_PG_USER:?}" "${DAGSTER_PG_DB:?}" "${JOBINTEL_STORAGE_URL:?}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

restic_() {  # restic with the offsite bucket's credentials, not the storage bucket's
  AWS_ACCESS_KEY_ID="${BACKUP_AWS_ACCESS_KEY_ID:-${AWS_ACCESS_KEY_ID:-}}" \
  AWS_SECRET_ACCESS_KEY="${BACKUP_AWS_SECRET_ACCESS_KEY:-${AWS_SECRET_ACCESS_KEY:-}}" \
  AWS_CA_BUNDLE= restic --no-cache "$@"
}

echo "dumping the Dagster database ${DAGSTER_PG_DB}@${DAGSTER_PG_HOST}"
PGPASSWORD="${DAGSTER_PG_PASSWORD:-}" pg_dump -Fc -h "$DAGSTER_PG_HOST" -p "${DAGSTER_PG_PORT:-5432}" \
  -U "$DAGSTER_PG_USER" -d "$DAGSTER_PG_DB" -f "$work/dagster.dump"
case "${JOBINTEL_WAREHOUSE_URL:-}" in
  postgresql://*|postgres://*)
    echo "dumping the warehouse database"
    pg_dump -Fc -d "$JOBINTEL_WAREHOUSE_URL" -f "$work/warehouse.dump" ;;
esac
(cd "$work" && sha256sum ./*.dump > DUMPS.sha256)
echo "mirroring ${JOBINTEL_STORAGE_URL}"
python3 "$here/backup/bucket.py" mirror "$JOBINTEL_STORAGE_URL" "$work/storage"

restic_ cat config >/dev/null 2>&1 || restic_ init
(cd "$work" && restic_ backup --host jobintel --tag jobintel .)
restic_ forget --host jobintel --tag jobintel --keep-daily "${KEEP_DAILY:-14}" --keep-weekly "${KEEP_WEEKLY:-8}" --prune
restic_ check
echo "backup done: $(restic_ snapshots --host jobintel --latest 1 --compact | tail -n +3 | head -1)"

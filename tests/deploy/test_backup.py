"""deploy/backup.sh and deploy/restore.sh: a backup of a real PostgreSQL database and an S3 bucket
(moto on loopback) into a restic repository in another bucket, restored into a fresh database and
bucket, and compared; a tampered object stops the restore with its name."""

import hashlib
import os
import shutil
import subprocess
import uuid

import psycopg2
import pytest

from tests.conftest import PG_HOST, PG_PORT, PG_USER, REPO_ROOT, service_missing

DEPLOY = REPO_ROOT / "deploy"
OBJECTS = {
    "prod/jobs/2026-11-20/northwind.parquet": b"PAR1" + os.urandom(2048),
    "prod/job_history/2026-11-20.parquet": b"PAR1" + os.urandom(4096),
    "prod/insights/2026-11-16/alex/report.md": "# Weekly insights — alex\n".encode(),
}


def counts(dsn: str) -> dict[str, int]:
    with psycopg2.connect(dsn) as con, con.cursor() as cur:
        cur.execute(
            "select table_name from information_schema.tables where table_schema = 'public' order by 1"
        )
        tables = [t for (t,) in cur.fetchall()]
        out = {}
        for table in tables:
            cur.execute(f'select count(*) from "{table}"')
            out[table] = cur.fetchone()[0]
    return out


def dsn(name: str) -> str:
    return f"postgresql://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"


def run(script: str, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([str(DEPLOY / script), *args], env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture
def fresh_db(postgres_db):
    name = f"jobintel_restore_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(dsn("postgres"))
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f'create database "{name}"')
    yield name
    with admin.cursor() as cur:
        cur.execute(f'drop database if exists "{name}" with (force)')
    admin.close()


def test_backup_restores_into_a_clean_database_and_bucket(postgres_db, fresh_db, s3_server, tmp_path):
    if not shutil.which("restic"):
        service_missing("restic (apt install restic)")
    with psycopg2.connect(dsn(postgres_db.db_name)) as con, con.cursor() as cur:
        cur.execute("create table runs (run_id text primary key, status text)")
        cur.execute("insert into runs select 'run-' || n, 'SUCCESS' from generate_series(1, 25) as n")
        cur.execute("create table event_logs (id serial primary key, body text)")
        cur.execute("insert into event_logs (body) select repeat('x', 200) from generate_series(1, 500)")
    client = s3_server.client()
    for key, body in OBJECTS.items():
        client.put_object(Bucket=s3_server.bucket, Key=key, Body=body)
    client.create_bucket(Bucket="offsite")
    client.create_bucket(Bucket="restored")
    env = {
        **os.environ,
        "RESTIC_REPOSITORY": f"s3:{s3_server.endpoint}/offsite/restic",
        "RESTIC_PASSWORD": "correct horse battery staple",
        "DAGSTER_PG_HOST": PG_HOST,
        "DAGSTER_PG_PORT": str(PG_PORT),
        "DAGSTER_PG_USER": PG_USER,
        "DAGSTER_PG_DB": postgres_db.db_name,
        "JOBINTEL_STORAGE_URL": f"s3://{s3_server.bucket}/prod",
        "JOBINTEL_WAREHOUSE_URL": "",
        "RESTORE_DAGSTER_DB_URL": dsn(fresh_db),
        "RESTORE_STORAGE_URL": "s3://restored/prod",
    }
    backup = run("backup.sh", env=env)
    assert backup.returncode == 0, backup.stderr
    assert "backup done" in backup.stdout and "mirrored 3 objects" in backup.stdout
    offsite = [o["Key"] for o in client.list_objects_v2(Bucket="offsite")["Contents"]]
    assert any(k.startswith("restic/data/") for k in offsite)
    everything = b"".join(client.get_object(Bucket="offsite", Key=k)["Body"].read() for k in offsite)
    assert b"Weekly insights" not in everything and b"run-25" not in everything  # encrypted client-side

    restore = run("restore.sh", env=env)
    assert restore.returncode == 0, restore.stderr
    assert "restore verified: 25 Dagster runs" in restore.stdout
    assert counts(dsn(fresh_db)) == counts(dsn(postgres_db.db_name)) == {"event_logs": 500, "runs": 25}
    for key, body in OBJECTS.items():
        restored = client.get_object(Bucket="restored", Key=key)["Body"].read()
        assert hashlib.sha256(restored).hexdigest() == hashlib.sha256(body).hexdigest(), key

    extracted = tmp_path / "extracted"
    assert run("restore.sh", "extract", str(extracted), env=env).returncode == 0
    (extracted / "storage" / "job_history" / "2026-11-20.parquet").write_bytes(b"PAR1 tampered")
    tampered = run("restore.sh", "load", str(extracted), env=env)
    assert tampered.returncode == 2
    assert "object 'job_history/2026-11-20.parquet' does not match its checksum" in tampered.stderr

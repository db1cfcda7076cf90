"""job_history / job_changes over the bundled snapshot days, materialized as the daily runs do."""

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pandas as pd
from dagster import AssetCheckKey, AssetKey, AssetRecordsFilter, DagsterInstance, materialize

from jobintel_dagster.cli.exit_codes import ExitCode
from jobintel_dagster.lineage import metadata_values
from jobintel_dagster.runs.day import run_day
from tests.conftest import DAYS, REPO_ROOT, Workspace, make_workspace

HISTORY = ["job_history", "job_changes"]

# What the snapshots contain (scripts/build_snapshots.py, EVENTS and NEW_ON_DAY), by board and title.
# Not reported on purpose: the flapping job (gone one fetch only), the whitespace-only edit, and
# lumen-ai's repost of "Product Manager, Growth"… (index 11) under a new id on 11-19.
EXPECTED = {
    date(2026, 11, 18): {
        "new": {
            ("bluefin-health", "Finance Manager"),
            ("bluefin-health", "Data Scientist"),
            ("helio-labs", "Site Reliability Engineer"),
            ("helio-labs", "Junior Software Engineer"),
            ("lumen-ai", "Frontend Engineer"),
            ("lumen-ai", "Engineering Manager, Data"),
            ("northwind", "Security Engineer"),
            ("northwind", "Junior Software Engineer"),
            ("quanta-robotics", "Staff Software Engineer"),
            ("quanta-robotics", "Security Engineer"),
            ("tidal-energy", "Senior Backend Engineer (Python)"),
            ("tidal-energy", "Recruiter, Technical"),
        },
        "changed": {
            ("bluefin-health", "Senior Data Engineer"),
            ("helio-labs", "Technical Writer"),
            ("lumen-ai", "QA Automation Engineer"),
            ("northwind", "QA Automation Engineer"),
            ("quanta-robotics", "Senior Backend Engineer (Python)"),
            ("tidal-energy", "Product Manager, Growth"),
        },
        "closed": set(),
        "reopened": set(),
    },
    date(2026, 11, 19): {
        "new": {
            ("bluefin-health", "Junior Software Engineer"),
            ("helio-labs", "DevOps Engineer"),
            ("lumen-ai", "Product Manager, Growth"),
            ("northwind", "Product Manager, Growth"),
            ("quanta-robotics", "Product Designer"),
            ("tidal-energy", "Junior Software Engineer"),
        },
        "changed": {
            ("bluefin-health", "Analytics Engineer"),
            ("helio-labs", "Data Analyst"),
            ("lumen-ai", "Platform Engineer"),
            ("northwind", "Backend Engineer, Search"),
            ("quanta-robotics", "Data Analyst"),
            ("tidal-energy", "Finance Manager"),
        },
        "closed": {
            ("bluefin-health", "Frontend Engineer"),
            ("helio-labs", "Staff Software Engineer"),
            ("lumen-ai", "Finance Manager"),
            ("northwind", "Technical Writer"),
            ("quanta-robotics", "Account Executive"),
            ("tidal-energy", "Account Executive"),
        },
        "reopened": set(),
    },
    date(2026, 11, 20): {
        "new": {
            ("bluefin-health", "Account Executive"),
            ("helio-labs", "Recruiter, Technical"),
            ("lumen-ai", "Solutions Architect"),
            ("northwind", "Platform Engineer"),
            ("quanta-robotics", "Engineering Manager, Data"),
            ("tidal-energy", "Internship — Software Engineering (Summer 2027)"),
        },
        "changed": set(),
        "closed": {
            ("bluefin-health", "Research Scientist, NLP"),
            ("helio-labs", "Security Engineer"),
            ("lumen-ai", "Machine Learning Engineer"),
            ("northwind", "DevOps Engineer"),
            ("quanta-robotics", "Site Reliability Engineer"),
            ("tidal-energy", "Senior Data Engineer"),
        },
        "reopened": {
            ("bluefin-health", "Frontend Engineer"),
            ("helio-labs", "Staff Software Engineer"),
            ("lumen-ai", "Finance Manager"),
            ("northwind", "Technical Writer"),
            ("quanta-robotics", "Account Executive"),
            ("tidal-energy", "Account Executive"),
        },
    },
}
PAY = ["compensation_max", "compensation_min"]
CHANGED_FIELDS_19 = {
    "bluefin-health": PAY,
    "helio-labs": ["locations"],
    "lumen-ai": PAY,
    "northwind": ["locations"],
    "quanta-robotics": PAY,
    "tidal-energy": PAY,
}


def stored(ws, asset, day):
    return pd.read_parquet(Path(ws.settings.storage_url) / asset / f"{day.isoformat()}.parquet")


def history_hashes(result):
    return {
        e.asset_key.path[-1]: e.materialization.metadata["content_hash"].value
        for e in result.get_asset_materialization_events()
    }


def test_changes_are_exactly_what_the_snapshots_contain(bundled_days):
    ws, _, _ = bundled_days
    first = stored(ws, "job_changes", DAYS[0])
    assert set(first["change"]) == {"new"} and len(first) == len(stored(ws, "job_history", DAYS[0]))
    for day, expected in EXPECTED.items():
        changes = stored(ws, "job_changes", day)
        actual = {
            kind: set(
                zip(
                    changes.loc[changes.change == kind, "provider"],
                    changes.loc[changes.change == kind, "title"],
                    strict=True,
                )
            )
            for kind in expected
        }
        assert actual == expected, day
    on_19 = stored(ws, "job_changes", DAYS[2])
    for provider, fields in CHANGED_FIELDS_19.items():
        [fields_seen] = on_19.loc[
            (on_19.change == "changed") & (on_19.provider == provider), "changed_fields"
        ]
        assert list(fields_seen) == fields, provider


def test_history_tracks_lifecycle_and_absorbs_the_repost(bundled_days):
    ws, _, _ = bundled_days
    history = stored(ws, "job_history", DAYS[3]).set_index(["provider", "title"])
    reopened = history.loc[("northwind", "Technical Writer")]
    assert (reopened.status, reopened.reopened_count) == ("open", 1)
    assert reopened.first_seen == DAYS[0] and reopened.days_active == 2  # seen 17th and 20th
    closed = history.loc[("northwind", "DevOps Engineer")]
    assert (closed.status, closed.closed_on, closed.last_seen) == ("closed", DAYS[3], DAYS[1])
    absorbed = history[history.absorbed_ids.map(len) > 0]
    assert len(absorbed) == 1 and absorbed.index[0][0] == "lumen-ai"
    assert absorbed.iloc[0].first_seen == DAYS[0] and absorbed.iloc[0].days_active == 4


def test_rematerializing_a_past_date_reproduces_the_hashes(bundled_days):
    _, defs, instance = bundled_days
    recorded = {}
    for key in HISTORY:
        records = instance.fetch_materializations(
            AssetRecordsFilter(asset_key=AssetKey(key), asset_partitions=["2026-11-19"]), limit=1
        ).records
        recorded[key] = records[0].asset_materialization.metadata["content_hash"].value
    again = materialize(
        list(defs.assets),
        resources=dict(defs.resources),
        partition_key="2026-11-19",
        selection=HISTORY,
        instance=instance,
    )
    assert history_hashes(again) == recorded


def test_a_failed_provider_day_closes_nothing(tmp_path):
    ws = make_workspace(tmp_path, providers=["northwind", "quanta-robotics"])
    for day in ("2026-11-19", "2026-11-20"):  # quanta's board is "blocked" on both days
        ws.snapshot_path("quanta-robotics", day).write_text("<html><title>Just a moment...</title></html>")
    defs, instance = ws.definitions(), DagsterInstance.ephemeral()
    outcomes = [run_day(defs, instance, d, log_level="ERROR") for d in DAYS]
    assert [o.history_ok for o in outcomes] == [True] * 4
    history = stored(ws, "job_history", DAYS[3]).set_index(["provider", "title"])
    # Without the failure quanta's Account Executive would close on 11-19 and SRE on 11-20.
    quanta = history.loc["quanta-robotics"]
    assert set(quanta.status) == {"open"} and quanta.missed_fetches.max() == 1  # missed only 11-18
    assert history.loc[("northwind", "DevOps Engineer")].status == "closed"  # northwind still closes
    changes = stored(ws, "job_changes", DAYS[3])
    assert "quanta-robotics" not in set(changes.provider)
    event = instance.get_latest_materialization_event(AssetKey("job_history"))
    assert event.asset_materialization.metadata["providers_missing"].value == ["quanta-robotics"]


def prune_metadata(result):
    [event] = [e for e in result.all_events if e.event_type_value == "STEP_OUTPUT"]
    return metadata_values(event.event_specific_data.metadata)


def test_retention_job_prunes_old_partitions_but_never_history(bundled_days, tmp_path):
    ws, _, instance = bundled_days
    storage = tmp_path / "storage"  # a copy: the bundled days are shared with other modules
    shutil.copytree(ws.settings.storage_url, storage)
    copy = Workspace(ws.root, ws.settings.model_copy(update={"storage_url": str(storage)}), ws.registry_path)
    job = copy.definitions().resolve_job_def("prune_storage")

    def config(dry_run):
        limits = {"raw_days": 2, "partition_days": 3, "today": "2026-11-21", "dry_run": dry_run}
        return {"ops": {"prune_old_partitions": {"config": limits}}}

    dry = job.execute_in_process(run_config=config(True), instance=instance)
    assert prune_metadata(dry)["eligible"] == 6 * 2 * 2 + 6 + 1  # raw + fetch record × 2 days, jobs, changes
    assert prune_metadata(dry)["deleted"] == 0 and (storage / "raw_postings" / "2026-11-17").exists()
    result = job.execute_in_process(run_config=config(False), instance=instance)
    # raw older than 2026-11-19 and tables older than 2026-11-18 are gone; all history stays.
    assert sorted(p.name for p in (storage / "raw_postings").iterdir() if any(p.iterdir())) == [
        "2026-11-19",
        "2026-11-20",
    ]
    assert sorted(p.name for p in (storage / "jobs").iterdir() if any(p.iterdir())) == [
        "2026-11-18",
        "2026-11-19",
        "2026-11-20",
    ]
    assert sorted(p.name for p in (storage / "job_history").iterdir()) == [f"{d}.parquet" for d in DAYS]
    assert prune_metadata(result)["deleted"] == 6 * 2 * 2 + 6 + 1


def test_cli_mark_resolves_a_reposts_id_to_its_job(bundled_days, tmp_path):
    ws, _, _ = bundled_days
    history = stored(ws, "job_history", DAYS[3])
    canonical = history[history.absorbed_ids.map(len) > 0].iloc[0]
    env = {**os.environ, "JOBINTEL_STORAGE_URL": ws.settings.storage_url, "DAGSTER_HOME": str(tmp_path)}
    cmd = [
        Path(sys.executable).parent / "jobintel",
        "mark",
        canonical.absorbed_ids[0],
        "ignored",
        "--profile",
        "alex",
        "--note",
        "reposted; not interested",
    ]
    proc = subprocess.run(cmd, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert f"{canonical.job_id} (via {canonical.absorbed_ids[0]})" in proc.stdout
    state = subprocess.run(
        [cmd[0], "state", "--profile", "alex"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert f"{canonical.job_id}  ignored" in state.stdout and "reposted; not interested" in state.stdout
    unknown = subprocess.run(
        [cmd[0], "mark", "0000000000000000", "saved", "--profile", "alex"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert unknown.returncode == ExitCode.INVALID_INPUT and "not in the job history" in unknown.stderr


def test_a_board_token_typo_answering_empty_closes_nothing_is_flagged_and_alerted_once(
    tmp_path, monkeypatch, fake_discord
):
    monkeypatch.setenv("JOBINTEL_DISCORD_WEBHOOK_URL", fake_discord.url)
    ws = make_workspace(tmp_path, providers=["northwind"])
    for day in ("2026-11-18", "2026-11-19"):
        ws.snapshot_path("northwind", day).write_text('{"jobs": []}')  # a valid answer: "no jobs"
    defs, instance = ws.definitions(), DagsterInstance.ephemeral()
    for day in DAYS[:3]:
        assert run_day(defs, instance, day, log_level="ERROR").ok
    history = stored(ws, "job_history", DAYS[1])
    assert set(history.status) == {"open"} and len(history) == 26 and set(history.suspect_drops) == {1}
    [record] = instance.fetch_materializations(
        AssetRecordsFilter(asset_key=AssetKey("job_history"), asset_partitions=["2026-11-18"]), limit=1
    ).records
    assert record.asset_materialization.metadata["providers_suspect_drop"].value == {"northwind": 1}
    check = instance.event_log_storage.get_latest_asset_check_execution_by_key(
        [AssetCheckKey(AssetKey("job_history"), "no_suspicious_drop")]
    )
    [execution] = check.values()
    assert execution.evaluation.passed is False and execution.evaluation.severity.value == "WARN"
    # Announced once, when the drop started; not again on its second day, nor on a rerun.
    drops = [c for c in fake_discord.contents if "suspicious drop" in c]
    assert (
        len(drops) == 1 and "`northwind` · 2026-11-18" in drops[0] and "26 open jobs not listed" in drops[0]
    )
    rerun = materialize(
        list(defs.assets),
        resources=dict(defs.resources),
        partition_key="2026-11-18",
        selection=["job_history"],
        instance=instance,
    )
    assert rerun.success and len([c for c in fake_discord.contents if "suspicious drop" in c]) == 1

"""What each raw warehouse table holds, and how a stored Parquet partition becomes its rows.

The warehouse keeps what SQL over the market needs, flat and portable: no nested types (lists are
joined into text, skills get their own table), no description bodies (they stay in Parquet, where
matching reads them), timestamps in UTC without a zone, so DuckDB and PostgreSQL hold identical
values. Every raw table starts with ``partition_date``: the date partition its rows came from,
which is exactly what a reload of that partition replaces.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from jobintel_core.matching.scoring.scorer import COMPONENTS
from jobintel_core.storage.tables import table_from_parquet

RAW_SCHEMA = "raw"
PARTITION_COLUMN = "partition_date"
_TS = pa.timestamp("us")

_POSTING_FACTS = [
    ("provider", pa.string()),
    ("company", pa.string()),
    ("title", pa.string()),
    ("role_family", pa.string()),
    ("seniority", pa.string()),
    ("workplace_type", pa.string()),
    ("remote_region", pa.string()),
    ("country_code", pa.string()),
    ("country_codes", pa.string()),
    ("locations", pa.string()),
    ("compensation_min", pa.float64()),
    ("compensation_max", pa.float64()),
    ("compensation_currency", pa.string()),
    ("compensation_interval", pa.string()),
]


def _schema(*fields: tuple[str, pa.DataType]) -> pa.Schema:
    return pa.schema([(PARTITION_COLUMN, pa.date32()), *fields])


JOBS = _schema(
    ("job_id", pa.string()),
    *_POSTING_FACTS,
    ("ats", pa.string()),
    ("department", pa.string()),
    ("employment_type", pa.string()),
    ("years_experience", pa.int32()),
    ("compensation_source", pa.string()),
    ("url", pa.string()),
    ("posted_at", _TS),
    ("content_hash", pa.string()),
    ("parser_version", pa.int32()),
)
JOB_SKILLS = _schema(("provider", pa.string()), ("job_id", pa.string()), ("skill", pa.string()))
JOB_HISTORY = _schema(
    ("job_id", pa.string()),
    *_POSTING_FACTS,
    ("status", pa.string()),
    ("first_seen", pa.date32()),
    ("last_seen", pa.date32()),
    ("closed_on", pa.date32()),
    ("days_active", pa.int32()),
    ("missed_fetches", pa.int32()),
    ("reopened_count", pa.int32()),
)
JOB_CHANGES = _schema(
    ("job_id", pa.string()),
    ("change", pa.string()),
    ("changed_fields", pa.string()),
    ("provider", pa.string()),
    ("company", pa.string()),
    ("title", pa.string()),
    ("status", pa.string()),
    ("first_seen", pa.date32()),
)
JOB_SCORES = _schema(
    ("profile", pa.string()),
    ("job_id", pa.string()),
    ("score", pa.float64()),
    ("excluded", pa.bool_()),
    ("provider", pa.string()),
    ("company", pa.string()),
    ("title", pa.string()),
    ("first_seen", pa.date32()),
    *[(f"points_{name}", pa.float64()) for name in COMPONENTS],
    ("cosine", pa.float64()),
    ("level_gap", pa.int32()),
    ("location_fit", pa.string()),
    ("salary_fit", pa.string()),
    ("pay_yearly", pa.float64()),
    ("pay_currency", pa.string()),
    ("excluded_term", pa.string()),
)
SHORTLIST = _schema(
    ("profile", pa.string()),
    ("rank", pa.int32()),
    ("job_id", pa.string()),
    ("score", pa.float64()),
    ("provider", pa.string()),
    ("company", pa.string()),
    ("title", pa.string()),
    ("first_seen", pa.date32()),
    ("is_new", pa.bool_()),
    ("user_status", pa.string()),
)
# The feedback exports (``feedback.events``): each date's partition holds every event dated up to it,
# so staging reads the latest partition only. ``on`` (an SQL keyword) is loaded as the day's name.
RATINGS = _schema(
    ("profile", pa.string()),
    ("seq", pa.int32()),
    ("job_id", pa.string()),
    ("rated_on", pa.date32()),
    ("stars", pa.int32()),
    *[(aspect, pa.int32()) for aspect in ("fit", "interest", "location", "pay")],
    ("has_comment", pa.bool_()),
)
OUTCOMES = _schema(
    ("profile", pa.string()),
    ("job_id", pa.string()),
    ("step", pa.int32()),
    ("stage", pa.string()),
    ("happened_on", pa.date32()),
)


def _join(column: pa.ChunkedArray | pa.Array, separator: str) -> pa.Array:
    """A list<string> column as one text per row (``None`` elements dropped, empty list → '')."""
    return pa.array(
        [separator.join(v for v in values if v) if values else "" for values in column.to_pylist()],
        pa.string(),
    )


def _places(table: pa.Table) -> dict[str, pa.Array]:
    """The first place's country (what a pay band's location is) and every distinct country, sorted."""
    first, every = [], []
    for places in table.column("places").to_pylist():
        codes = [p["country_code"] for p in places or [] if p.get("country_code")]
        first.append(codes[0] if codes else None)
        every.append(",".join(sorted(set(codes))))
    return {"country_code": pa.array(first, pa.string()), "country_codes": pa.array(every, pa.string())}


def _derived(table: pa.Table) -> dict[str, pa.Array]:
    """Columns computed from a stored table's nested or zoned ones, by name."""
    derived: dict[str, pa.Array] = {}
    if "places" in table.column_names:
        derived.update(_places(table))
    for name, separator in (("locations", "; "), ("changed_fields", ",")):
        if name in table.column_names:
            derived[name] = _join(table.column(name), separator)
    for name in ("posted_at",):
        if name in table.column_names:  # UTC instants, stored without the zone
            derived[name] = pc.cast(table.column(name), _TS)
    return derived


def shape(table: pa.Table, schema: pa.Schema, day: date) -> pa.Table:
    """``table`` (a stored partition) as rows of a raw table: ``partition_date`` first, the schema's
    columns in order, derived where the stored column is nested."""
    derived = _derived(table)
    columns = []
    for field in schema:
        if field.name == PARTITION_COLUMN:
            columns.append(pa.array([day] * table.num_rows, pa.date32()))
        elif field.name in derived:
            columns.append(derived[field.name])
        else:
            columns.append(pc.cast(table.column(field.name), field.type))
    return pa.Table.from_arrays(columns, schema=schema)


def history_rows(table: pa.Table, day: date) -> pa.Table:
    """The history at the end of the date, as the marts need it: the jobs open then and those closed
    that day. A job closed earlier is the same row every later day; loading it daily would make the
    table grow with (days × every job ever seen) for nothing."""
    if table.num_rows:
        keep = pc.or_(
            pc.equal(table.column("status"), "open"),
            pc.fill_null(pc.equal(table.column("closed_on"), pa.scalar(day, pa.date32())), False),
        )
        table = table.filter(keep)
    return shape(table, JOB_HISTORY, day)


def skills_rows(table: pa.Table, day: date) -> pa.Table:
    """One row per (job, skill) of a stored ``jobs`` partition."""
    skills = (
        table.column("skills").combine_chunks() if table.num_rows else pa.array([], pa.list_(pa.string()))
    )
    parents = pc.list_parent_indices(skills) if len(skills) else pa.array([], pa.int64())
    flat = pc.list_flatten(skills) if len(skills) else pa.array([], pa.string())
    return pa.Table.from_arrays(
        [
            pa.array([day] * len(flat), pa.date32()),
            pc.take(table.column("provider"), parents),
            pc.take(table.column("job_id"), parents),
            pc.cast(flat, pa.string()),
        ],
        schema=JOB_SKILLS,
    )


@dataclass(frozen=True)
class WarehouseSource:
    """One raw table: the stored asset it is loaded from and how a partition becomes its rows."""

    table: str  # the raw table's name (schema ``raw``), also the dbt source table
    asset: str  # the stored asset whose partitions fill it
    schema: pa.Schema
    rows: Callable[[pa.Table, date], pa.Table]
    description: str
    renamed: tuple[tuple[str, str], ...] = ()  # (raw column, stored column) where the names differ

    @property
    def read_columns(self) -> list[str]:
        """The stored columns the rows are made from: only these are read from Parquet."""
        stored = dict(self.renamed)
        wanted = {stored.get(name, name) for name in self.schema.names}
        return sorted(wanted | {"places", "skills", "job_id", "provider"})

    def read(self, parquet: bytes) -> pa.Table:
        present = set(pq.read_schema(io.BytesIO(parquet)).names)
        table = table_from_parquet(parquet, columns=[c for c in self.read_columns if c in present])
        raw = {stored: name for name, stored in self.renamed}
        return table.rename_columns([raw.get(c, c) for c in table.column_names])


def _shaped(schema: pa.Schema) -> Callable[[pa.Table, date], pa.Table]:
    return lambda table, day: shape(table, schema, day)


SOURCES: dict[str, WarehouseSource] = {
    s.table: s
    for s in (
        WarehouseSource(
            "jobs",
            "jobs",
            JOBS,
            _shaped(JOBS),
            "Every posting fetched on the date, one row per provider × job (descriptions stay in Parquet).",
        ),
        WarehouseSource(
            "job_skills",
            "jobs",
            JOB_SKILLS,
            skills_rows,
            "The canonical skills each posting of the date asks for, one row per job × skill.",
        ),
        WarehouseSource(
            "job_history",
            "job_history",
            JOB_HISTORY,
            history_rows,
            "The history at the end of the date: the jobs open then and those closed that day.",
        ),
        WarehouseSource(
            "job_changes",
            "job_changes",
            JOB_CHANGES,
            _shaped(JOB_CHANGES),
            "What happened on the date: new, changed, closed, reopened.",
        ),
        WarehouseSource(
            "job_scores",
            "job_scores",
            JOB_SCORES,
            _shaped(JOB_SCORES),
            "Every open job's score for every profile on the date, with its components.",
        ),
        WarehouseSource(
            "shortlist",
            "shortlist",
            SHORTLIST,
            _shaped(SHORTLIST),
            "Each profile's ranked shortlist on the date.",
        ),
        WarehouseSource(
            "ratings",
            "ratings",
            RATINGS,
            _shaped(RATINGS),
            "Every profile's ratings dated up to the date (stars, sub-ratings, whether there is a comment).",
            renamed=(("rated_on", "on"),),
        ),
        WarehouseSource(
            "outcomes",
            "outcomes",
            OUTCOMES,
            _shaped(OUTCOMES),
            "Every profile's outcomes (the tracker's stage changes from applied on) dated up to the date.",
            renamed=(("happened_on", "on"),),
        ),
    )
}

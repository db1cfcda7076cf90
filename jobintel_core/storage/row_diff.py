"""Comparing a rematerialized table with what was stored before: which rows differ, by row key
(``catalog.TABLES[asset].row_key``)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from jobintel_core.base.identity import canonical_json
from jobintel_core.storage.tables import jsonable


@dataclass
class RowDiff:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def summary(self, limit: int = 10) -> str:
        parts = []
        for name, ids in (("added", self.added), ("removed", self.removed), ("changed", self.changed)):
            if ids:
                shown = ", ".join(ids[:limit]) + (f", … (+{len(ids) - limit})" if len(ids) > limit else "")
                parts.append(f"{len(ids)} {name}: {shown}")
        return "; ".join(parts) or "no row differs"


def _rows(frame: pd.DataFrame | None, keys: tuple[str, ...]) -> dict[str, str]:
    if frame is None or frame.empty:
        return {}
    out = {}
    for record in frame.to_dict("records"):
        key = "/".join(str(record[k]) for k in keys)
        out[key] = canonical_json({k: jsonable(v) for k, v in record.items()})
    return out


def diff_rows(old: pd.DataFrame | None, new: pd.DataFrame | None, keys: tuple[str, ...]) -> RowDiff:
    before, after = _rows(old, keys), _rows(new, keys)
    return RowDiff(
        added=sorted(set(after) - set(before)),
        removed=sorted(set(before) - set(after)),
        changed=sorted(k for k in set(before) & set(after) if before[k] != after[k]),
    )

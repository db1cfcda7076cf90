"""MiniLM over texts of any lengths at once, without padding: each vector the same bits whatever
texts it is encoded with.

Why: most of the model's arithmetic is in layers that treat every token alone (the embeddings, the
query/key/value, output and feed-forward projections, the layer norms): six of them per layer, against
one that mixes a text's tokens (attention). Here every text's tokens are laid end to end and the
per-token layers run over all of them in blocks of exactly ``BLOCK`` rows; only attention (and mean
pooling) runs per group of texts with the same length, on the rows of those texts.

Two things come of it. A vector depends on its text alone: a product of fixed shape gives a row the
same bits wherever it sits among other rows, where batching texts of one length gave a text other
bits in a batch of 25 than alone (so a vector depended on which texts were new the same day). And a
day with a few new postings runs its projections on full blocks, not a text or two at a time
(measured on 50 new texts: 0.54 s instead of 0.79 s; 1,000 texts take ~3% longer than batches of
up to 2,048 tokens did).

This is the model's own modules (``BertModel``'s embeddings, projections and norms, HF's attention
function, the SentenceTransformer's pooling and normalize) called in the model's own order; what
is ours is only which rows go through together. A token's row never meets another text's row
(per-token layers compute each row alone, attention sees one text's rows). The vectors are within
~2e-7 of ``SentenceTransformer.encode``'s (which are themselves that far apart from one batch size
to another); ``tests/core/matching/embeddings/test_encoder.py`` holds both: the same bits for a text alone, in
any company and order, and the library's vectors to 1e-6. A model of another shape (``packable``
says) is encoded one text per ``SentenceTransformer.encode`` call instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Any

import numpy as np
import torch
from sentence_transformers import SentenceTransformer
from transformers.modeling_utils import ALL_ATTENTION_FUNCTIONS

# Rows per call of every per-token layer. A matrix product's rows come out the same wherever they
# sit among others only if the product has the same shape every time (the kernel, and the order it
# adds in, is chosen by shape: 7 rows and 2,048 rows each give other bits than 80), so every call
# gets exactly this many rows, the last block padded with zero rows that no text reads.
BLOCK = 512
# Tokens laid end to end per pass: the feed-forward activations are 1,536 floats a token (25 MB a
# pass). Encoding 1,000 postings raised peak RSS by 100 MB with 4,096 and by 258 MB with 16,384, at
# the same speed (9.82 vs 9.76 s). Which texts share a pass changes no vector, only memory and speed.
PASS_TOKENS = 4096
# Attention holds batch × heads × length² weights: texts of one length attend together up to this
# many tokens (8 texts of 256 tokens, 64 of 32). Which texts attend together changes no vector.
ATTENTION_TOKENS, ATTENTION_TEXTS = 2048, 64


def batch_size(length: int) -> int:
    """How many texts of ``length`` tokens attend in one call."""
    return max(1, min(ATTENTION_TEXTS, ATTENTION_TOKENS // max(length, 1)))


def packable(model: SentenceTransformer) -> bool:
    """The model is a BERT encoder with mean pooling and normalization, attending with SDPA: the
    shape this module composes. Anything else goes through ``SentenceTransformer.encode``."""
    names = [type(module).__name__ for module in model]
    if names != ["Transformer", "Pooling", "Normalize"]:
        return False
    bert: Any = model[0].auto_model  # HF's module tree: torch types each attribute as Tensor | Module
    pooling = model[1]
    config = bert.config
    return (
        type(bert).__name__ == "BertModel"
        and pooling.pooling_mode == "mean"
        and config._attn_implementation == "sdpa"
        and not config.is_decoder
        and getattr(config, "position_embedding_type", "absolute") == "absolute"
    )


def packed_sentence_embeddings(
    model: SentenceTransformer, tokens: Sequence[Sequence[int]], token_types: Sequence[Sequence[int]]
) -> np.ndarray:
    """Normalized sentence embeddings of tokenized texts (one row each, in order)."""
    dimension = model.get_embedding_dimension()
    if dimension is None:
        raise ValueError("the model does not state its embedding dimension")
    out = np.zeros((len(tokens), dimension), dtype=np.float32)
    with torch.inference_mode():
        for chunk in _passes([len(t) for t in tokens]):
            out[chunk] = _one_pass(model, [tokens[i] for i in chunk], [token_types[i] for i in chunk])
    return out


def _passes(lengths: Sequence[int]) -> list[list[int]]:
    """Indices of the texts in order, in runs of at most ``PASS_TOKENS`` tokens (one text at least)."""
    passes: list[list[int]] = [[]]
    used = 0
    for index, length in enumerate(lengths):
        if passes[-1] and used + length > PASS_TOKENS:
            passes.append([])
            used = 0
        passes[-1].append(index)
        used += length
    return passes if passes[0] else []


def _one_pass(
    model: SentenceTransformer, tokens: Sequence[Sequence[int]], token_types: Sequence[Sequence[int]]
) -> np.ndarray:
    """One pass: the texts laid end to end, shortest first, so the texts of one length (the
    groups attention and pooling take together) are one run of rows, read without copying."""
    bert: Any = model[0].auto_model  # as in ``packable``
    order = sorted(range(len(tokens)), key=lambda i: len(tokens[i]))
    lengths = [len(tokens[i]) for i in order]
    total = sum(lengths)
    blocks = [slice(first, first + BLOCK) for first in range(0, -(-total // BLOCK) * BLOCK, BLOCK)]

    def laid_out(values: Sequence[Sequence[int]] | Sequence[np.ndarray]) -> torch.Tensor:
        row = torch.zeros(len(blocks) * BLOCK, dtype=torch.int64)  # the last block padded with zeros
        row[:total] = torch.from_numpy(np.concatenate([np.asarray(v, dtype=np.int64) for v in values]))
        return row

    ids, types = laid_out([tokens[i] for i in order]), laid_out([token_types[i] for i in order])
    positions = laid_out([np.arange(n) for n in lengths])
    hidden = torch.cat(
        [
            bert.embeddings(
                input_ids=ids[b][None], token_type_ids=types[b][None], position_ids=positions[b][None]
            )[0]
            for b in blocks
        ]
    )
    groups = _groups(lengths)
    for layer in bert.encoder.layer:
        attended = _attention(layer.attention.self, hidden, groups, blocks)
        hidden = torch.cat([_after_attention(layer, attended[b], hidden[b]) for b in blocks])
    vectors = torch.empty((len(tokens), hidden.shape[-1]), dtype=hidden.dtype)
    for group in groups:
        features: dict[str, Any] = {
            "token_embeddings": group.rows(hidden),
            "attention_mask": torch.ones((group.count, group.length), dtype=torch.int64),
        }
        pooled = model[2](model[1](features))["sentence_embedding"]
        # as encode(normalize_embeddings=True) does after the model's own Normalize
        vectors[order[group.first_text : group.first_text + group.count]] = torch.nn.functional.normalize(
            pooled, p=2, dim=1
        )
    array: np.ndarray = vectors.numpy()
    return array


def _after_attention(layer: Any, attended: torch.Tensor, hidden: torch.Tensor) -> torch.Tensor:
    """One block of a BERT layer (a ``BertLayer``, untyped to torch) after attention: output
    projection and norm, then feed-forward."""
    attention_output = layer.attention.output(attended, hidden)
    result: torch.Tensor = layer.output(layer.intermediate(attention_output), attention_output)
    return result


@dataclass(frozen=True)
class _Group:
    """``count`` texts of ``length`` tokens, the ``first_text``-th onwards in the pass's order,
    their tokens the rows from ``first_row``."""

    count: int
    length: int
    first_text: int
    first_row: int

    def rows(self, matrix: torch.Tensor) -> torch.Tensor:
        """The group's rows of a (tokens × features) matrix as (texts × length × features), a view."""
        return matrix[self.first_row : self.first_row + self.count * self.length].view(
            self.count, self.length, -1
        )


def _groups(lengths: Sequence[int]) -> list[_Group]:
    """Consecutive texts of one length (``lengths`` is sorted), in batches of ``batch_size``."""
    groups: list[_Group] = []
    text = row = 0
    for length, run in groupby(lengths):
        remaining = len(list(run))
        while remaining:
            count = min(remaining, batch_size(length))
            groups.append(_Group(count, length, text, row))
            text, row, remaining = text + count, row + count * length, remaining - count
    return groups


def _attention(
    attention: Any, hidden: torch.Tensor, groups: Sequence[_Group], blocks: Sequence[slice]
) -> torch.Tensor:
    """BERT self-attention for each group of same-length texts, the projections done block by block."""
    attend = ALL_ATTENTION_FUNCTIONS["sdpa"]  # HF's own SDPA call, the one BertModel makes (``packable``)
    heads, head_size = attention.num_attention_heads, attention.attention_head_size
    query, key, value = (
        torch.cat([projection(hidden[b]) for b in blocks])
        for projection in (attention.query, attention.key, attention.value)
    )
    out = torch.zeros_like(query)  # padding rows stay zero
    for group in groups:

        def by_head(projected: torch.Tensor, group: _Group = group) -> torch.Tensor:
            return group.rows(projected).view(group.count, group.length, heads, head_size).transpose(1, 2)

        context, _ = attend(
            attention,
            by_head(query),
            by_head(key),
            by_head(value),
            None,
            dropout=0.0,
            scaling=attention.scaling,
        )
        group.rows(out)[:] = context.reshape(group.count, group.length, -1)
    return out

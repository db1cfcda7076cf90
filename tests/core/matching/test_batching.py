"""Batches hold texts of one token count, and at most ``TOKENS`` tokens (memory bounded by length)."""

from jobintel_core.matching.batching import MAX_TEXTS, TOKENS, same_length_batches


def test_batches_are_same_length_and_bounded_by_tokens():
    lengths = [256] * 20 + [32] * 100 + [7] * 3 + [256]
    batches = list(same_length_batches(lengths))
    assert sorted(i for batch in batches for i in batch) == list(range(len(lengths)))  # each text once
    for batch in batches:
        assert len({lengths[i] for i in batch}) == 1
        assert len(batch) * lengths[batch[0]] <= TOKENS and len(batch) <= MAX_TEXTS
    assert [len(b) for b in batches if lengths[b[0]] == 256] == [8, 8, 5]  # 21 long texts
    assert [len(b) for b in batches if lengths[b[0]] == 32] == [64, 36]  # short ones batch widely

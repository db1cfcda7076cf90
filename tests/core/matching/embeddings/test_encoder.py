"""The PyTorch encoder: a text's vector is the text's alone, and the library's vector to float rounding."""

import random

import numpy as np
import pytest

from jobintel_core.matching.embeddings import packed_encoding
from jobintel_core.matching.embeddings.encoder import Encoder, _loaded, default_model_path
from tests.core.matching.embeddings.encoder_texts import OTHER_LENGTHS, SAME_LENGTH

pytestmark = pytest.mark.model

TEXTS = SAME_LENGTH + OTHER_LENGTHS


@pytest.fixture(scope="module")
def encoder() -> Encoder:
    loaded = _loaded(str(default_model_path()))
    assert loaded.packed  # the bundled model is the shape packed encoding composes
    return loaded


def test_a_vector_is_the_texts_alone_in_any_company_order_or_pass(encoder, monkeypatch):
    together = encoder.encode(TEXTS)
    alone = np.stack([encoder.encode([text])[0] for text in TEXTS])
    assert np.array_equal(together, alone)
    order = list(range(len(TEXTS)))
    random.Random(3).shuffle(order)
    assert np.array_equal(encoder.encode([TEXTS[i] for i in order]), together[order])
    monkeypatch.setattr(packed_encoding, "PASS_TOKENS", 300)  # many passes, each text in another one
    assert np.array_equal(encoder.encode(TEXTS[5:] + TEXTS[:5]), np.concatenate([together[5:], together[:5]]))


def test_vectors_are_the_librarys_to_float_rounding(encoder):
    ours = encoder.encode(TEXTS)
    library = np.stack([encoder.model.encode([text], normalize_embeddings=True)[0] for text in TEXTS])
    assert np.abs(ours - library).max() < 1e-6
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-6)


def test_a_model_of_another_shape_is_encoded_one_text_per_library_call(encoder, monkeypatch):
    monkeypatch.setattr(encoder, "packed", False)
    vectors = encoder.encode(TEXTS[:3] + TEXTS[-2:])
    library = np.stack(
        [encoder.model.encode([t], normalize_embeddings=True)[0] for t in TEXTS[:3] + TEXTS[-2:]]
    )
    assert np.array_equal(vectors, library)


def test_attention_batches_are_bounded_by_tokens():
    assert [packed_encoding.batch_size(n) for n in (256, 79, 32, 3)] == [8, 25, 64, 64]
    groups = packed_encoding._groups(sorted([256] * 20 + [32] * 100 + [7] * 3))
    assert [(g.count, g.length) for g in groups] == [(3, 7), (64, 32), (36, 32), (8, 256), (8, 256), (4, 256)]
    assert [g.first_row for g in groups] == [
        0,
        21,
        21 + 64 * 32,
        21 + 100 * 32,
        21 + 100 * 32 + 8 * 256,
        21 + 100 * 32 + 16 * 256,
    ]

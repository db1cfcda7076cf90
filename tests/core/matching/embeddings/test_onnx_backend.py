"""The ONNX backends against the PyTorch reference, with the real MiniLM weights."""

import subprocess
import sys

import numpy as np
import pytest

from jobintel_core.matching.embeddings.encoder import backend_model_id, default_model_path, load_encoder
from jobintel_core.matching.embeddings.onnx_backend import ensure_exported
from tests.conftest import REPO_ROOT
from tests.core.matching.embeddings.encoder_texts import OTHER_LENGTHS, SAME_LENGTH

pytestmark = pytest.mark.model

TEXTS = SAME_LENGTH[:12] + OTHER_LENGTHS


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    return str(tmp_path_factory.mktemp("models"))


@pytest.fixture(scope="module")
def reference():
    return load_encoder(str(default_model_path())).encode(TEXTS)


@pytest.mark.parametrize(("backend", "floor"), [("onnx", 0.9999), ("onnx-int8", 0.98)])
def test_onnx_vectors_match_the_fp32_reference(cache, reference, backend, floor):
    encoder = load_encoder(str(default_model_path()), backend, cache)
    vectors = encoder.encode(TEXTS)
    cosines = (vectors * reference).sum(axis=1)
    assert cosines.min() >= floor, cosines
    # A vector does not depend on the texts encoded with it (int8 batched by length did: texts of one
    # length share a quantization scale).
    alone = np.stack([encoder.encode([t])[0] for t in TEXTS])
    assert np.array_equal(vectors, alone)
    assert np.array_equal(encoder.encode(TEXTS[::-1]), vectors[::-1])


def test_each_backend_has_its_own_cache_key_and_exports_once(cache):
    path = str(default_model_path())
    ids = {backend_model_id(path, b) for b in ("torch", "onnx", "onnx-int8")}
    assert len(ids) == 3
    exported = ensure_exported(path, backend_model_id(path, "torch"), cache, "onnx-int8")
    before = exported.stat().st_mtime_ns
    assert (
        ensure_exported(path, backend_model_id(path, "torch"), cache, "onnx-int8").stat().st_mtime_ns
        == before
    )
    assert not [p for p in exported.parent.iterdir() if p.name.startswith("tmp")]  # nothing half-written left


def test_a_process_encoding_with_onnx_never_imports_torch_once_exported(cache):
    """Run processes pay for ONNX Runtime and the tokenizer only: torch and sentence-transformers
    are needed for the one-time export, not for encoding."""
    path = str(default_model_path())
    load_encoder(path, "onnx-int8", cache).encode(["warm the export"])  # exported in this process
    script = (
        "import sys\n"
        "from jobintel_core.matching.embeddings.encoder import load_encoder\n"
        f"vectors = load_encoder({path!r}, 'onnx-int8', {cache!r}).encode(['Data Engineer, Python'])\n"
        "print(vectors.shape, sorted(m for m in ('torch', 'sentence_transformers', 'transformers') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "(1, 384) []"

"""The model id names the exact weights, and a run process reads it from a manifest."""

import json
import os
from pathlib import Path

from jobintel_core.matching.embeddings.encoder import model_id_for


def weights(folder: Path, content: bytes) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "model.safetensors").write_bytes(content)
    return str(folder)


def test_the_id_is_hashed_once_then_read_from_the_manifest(tmp_path, monkeypatch):
    path, cache = weights(tmp_path / "model", b"weights-v1"), str(tmp_path / "cache")
    first = model_id_for(path, cache)
    assert json.loads((tmp_path / "cache" / "model-ids.json").read_text()) == {
        f"{Path(path, 'model.safetensors').resolve()}|10|{os.stat(Path(path, 'model.safetensors')).st_mtime_ns}": first
    }
    model_id_for.cache_clear()
    monkeypatch.setattr(
        Path, "read_bytes", lambda self: (_ for _ in ()).throw(AssertionError("weights re-hashed"))
    )
    assert model_id_for(path, cache) == first  # a new process: no hashing


def test_replaced_weights_get_a_new_id_and_a_damaged_manifest_is_rebuilt(tmp_path):
    cache = str(tmp_path / "cache")
    first = model_id_for(weights(tmp_path / "model", b"weights-v1"), cache)
    model_id_for.cache_clear()
    second = model_id_for(weights(tmp_path / "model", b"weights-version-2"), cache)  # other size
    assert second != first
    (tmp_path / "cache" / "model-ids.json").write_text("{not json")
    model_id_for.cache_clear()
    assert model_id_for(str(tmp_path / "model"), cache) == second
    assert model_id_for(str(tmp_path / "model")) == second  # without a cache: hashed, same id

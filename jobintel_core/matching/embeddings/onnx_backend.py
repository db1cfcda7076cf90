"""MiniLM through ONNX Runtime: the same weights, exported offline, optionally int8-quantized.

Why not sentence-transformers' own ``backend="onnx"``: it needs ``optimum-onnx``, whose only
releases require ``transformers<4.58`` while sentence-transformers 6 requires ``transformers>=5``;
the two cannot be installed together here. So the export is done the way that backend does it,
with the libraries we have: ``torch.onnx.export`` of the packaged weights (once, offline, into
``JOBINTEL_MODEL_CACHE``), ONNX Runtime's dynamic quantization (int8, per channel, MatMul weights
only: per-tensor int8 ran 2.2× faster but moved vectors to cosine 0.946), the model's own
``tokenizer.json`` through ``tokenizers``, and sentence-transformers' pooling (mean over real
tokens, then L2).

One text per call. Dynamic quantization scales each call's activations by that call's largest
value, so a text batched with others got another vector than alone (cosine as low as 0.987 on the
bench's 1,000 postings, with every text of a batch the same length): the vector depended on which
texts were new that day. Each call now holds one text and runs on one thread, and the texts are
spread over a thread per core (ONNX Runtime releases the GIL); the same 1,000 texts took 3.35 s
against 3.37 s batched, and each vector is the text's alone, whichever thread ran it.

Measured on 1,000 postings (``make bench``, 2026-12-05): int8 2.91–3.02× bare
``SentenceTransformer.encode`` at mean cosine 0.993 to the fp32 vectors; fp32 ONNX 1.11–1.13× at
cosine 1.0000.
"""

from __future__ import annotations

import json
import os
import tempfile
import warnings
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Literal

import numpy as np

OnnxVariant = Literal["onnx", "onnx-int8"]
_MAX_TOKENS = 256


def _export_fp32(model_path: str, target: Path) -> None:
    """The transformer (not the pooling) as ONNX, with dynamic batch and sequence axes."""
    import torch
    from sentence_transformers import SentenceTransformer

    # Eager attention traces to plain ops that ONNX Runtime runs with any sequence length.
    model = SentenceTransformer(model_path, device="cpu", model_kwargs={"attn_implementation": "eager"})
    auto_model: Any = model[0].auto_model  # torch types a submodule's attributes as Tensor | Module
    transformer = auto_model.eval()

    # torch is not analysed by mypy (pyproject.toml: follow_imports skip), so Module is Any to it.
    class LastHiddenState(torch.nn.Module):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.inner = transformer

        def forward(
            self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor
        ) -> torch.Tensor:
            hidden: torch.Tensor = self.inner(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            return hidden

    sample = model.tokenizer(["an example posting " * 20, "a shorter one"], padding=True, return_tensors="pt")
    names = ["input_ids", "attention_mask", "token_type_ids"]
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the TorchScript exporter's deprecation and tracer notes
        torch.onnx.export(
            LastHiddenState(),
            tuple(sample[n] for n in names),
            str(target),
            input_names=names,
            output_names=["last_hidden_state"],
            opset_version=17,
            dynamo=False,
            dynamic_axes={n: {0: "batch", 1: "tokens"} for n in [*names, "last_hidden_state"]},
        )


def _quantize(source: Path, target: Path) -> None:
    import logging

    from onnxruntime.quantization import QuantType, quantize_dynamic

    logging.getLogger().setLevel(max(logging.getLogger().level, logging.ERROR))  # "consider pre-processing"
    quantize_dynamic(
        str(source),
        str(target),
        weight_type=QuantType.QInt8,
        per_channel=True,
        op_types_to_quantize=["MatMul"],
        extra_options={"DefaultTensorType": 1},
    )


def ensure_exported(model_path: str, model_id: str, cache_dir: Path, variant: OnnxVariant) -> Path:
    """The ONNX file for these weights and variant, exported on first use. Written to a temporary
    name and renamed, so a crash never leaves a half-written model that a later run would load."""
    folder = Path(cache_dir) / model_id
    fp32, int8 = folder / "model.onnx", folder / "model-int8.onnx"
    wanted = int8 if variant == "onnx-int8" else fp32
    if wanted.exists():
        return wanted
    folder.mkdir(parents=True, exist_ok=True)
    if not fp32.exists():
        with tempfile.TemporaryDirectory(dir=folder) as tmp:
            staged = Path(tmp) / "model.onnx"
            _export_fp32(model_path, staged)
            os.replace(staged, fp32)
    if variant == "onnx-int8":
        with tempfile.TemporaryDirectory(dir=folder) as tmp:
            staged = Path(tmp) / "model-int8.onnx"
            _quantize(fp32, staged)
            os.replace(staged, int8)
    (folder / "source.json").write_text(json.dumps({"model_path": model_path, "model_id": model_id}))
    return wanted


class OnnxEncoder:
    """``encode`` like ``encoder.Encoder``: L2-normalized float32 vectors, each the text's alone."""

    def __init__(self, model_path: str, onnx_file: Path, model_id: str) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        self.model_id = model_id
        self.tokenizer = Tokenizer.from_file(str(Path(model_path) / "tokenizer.json"))
        self.tokenizer.enable_truncation(_MAX_TOKENS)
        self.tokenizer.no_padding()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1  # one text per call, the calls spread over threads (module doc)
        options.log_severity_level = 3
        self.session = onnxruntime.InferenceSession(
            str(onnx_file), options, providers=["CPUExecutionProvider"]
        )
        self.threads = os.cpu_count() or 1

    def _one(self, ids: Sequence[int]) -> np.ndarray:
        tokens = np.array([ids], dtype=np.int64)
        hidden = self.session.run(
            None,
            {
                "input_ids": tokens,
                "attention_mask": np.ones_like(tokens),
                "token_type_ids": np.zeros_like(tokens),
            },
        )[0]
        pooled: np.ndarray = hidden.mean(axis=1)  # every token is real: one text needs no padding
        vector: np.ndarray = (pooled / np.linalg.norm(pooled, axis=1, keepdims=True))[0]
        return vector

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.session.get_outputs()[0].shape[-1]), dtype=np.float32)
        if not texts:
            return out
        encodings = self.tokenizer.encode_batch(list(texts))
        with ThreadPoolExecutor(max_workers=self.threads) as pool:
            for index, vector in enumerate(pool.map(self._one, [e.ids for e in encodings])):
                out[index] = vector
        return out

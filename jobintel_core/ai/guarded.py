"""One guarded client for every AI feature: an OpenAI-compatible chat endpoint over httpx.

What it promises, whatever the endpoint does:

* **Optional.** Without a base URL it is off and says so; nothing calls out.
* **Deterministic where it can be.** Temperature 0, a versioned prompt, and a cache keyed by
  (input hash, prompt version, model): the same input never asks twice, so a rematerialization
  reproduces the same text.
* **Schema-checked.** The answer must be one JSON object valid against the caller's pydantic
  model; anything else is a fallback, never a half-used answer.
* **Bounded.** A token budget per client (one per run), estimated before sending; a prompt that
  would exceed it is not sent.
* **Fail-closed.** Timeouts, HTTP errors, invalid JSON, schema errors and the budget all return
  ``AiResult(value=None, reason=…)``; the caller keeps its deterministic output and records why.
* **No secret leaks.** The API key goes only into the ``Authorization`` header; every reason is
  redacted before it is returned.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from jobintel_core.storage.objects import ObjectMissing, ObjectStore

T = TypeVar("T", bound=BaseModel)
CHARS_PER_TOKEN = 4  # the usual estimate for English text; the endpoint's tokenizer is unknown here
AI_CACHE_PREFIX = "ai_cache"


@dataclass(frozen=True)
class Prompt:
    """A versioned prompt: change the text, bump the version (the cache keys on it)."""

    name: str
    version: int
    system: str

    @property
    def id(self) -> str:
        return f"{self.name}/v{self.version}"


@dataclass(frozen=True)
class AiSettings:
    base_url: str = ""  # e.g. http://127.0.0.1:11434/v1 (Ollama), https://api.openai.com/v1; empty: off
    model: str = ""
    api_key: str = ""  # a secret; sent only as the Authorization header
    timeout_s: float = 30.0
    token_budget: int = 8000  # prompt + answer tokens per client (one client per run)
    max_answer_tokens: int = 600

    @property
    def enabled(self) -> bool:
        return bool(self.base_url and self.model)


@dataclass(frozen=True)
class AiResult(Generic[T]):
    value: T | None
    status: Literal["off", "generated", "cached", "fallback"]
    reason: str = ""  # why it fell back (or is off), for the report and the metadata
    model: str = ""
    prompt: str = ""


class GuardedChat:
    def __init__(self, settings: AiSettings, cache: ObjectStore | None = None) -> None:
        self.settings = settings
        self.cache = cache
        self.tokens_spent = 0

    def _redact(self, text: str) -> str:
        key = self.settings.api_key
        return text.replace(key, "***") if key else text

    def cache_key(self, prompt: Prompt, payload: dict[str, Any]) -> str:
        document = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        digest = hashlib.sha256(f"{prompt.id}\0{self.settings.model}\0{document}".encode()).hexdigest()
        return f"{AI_CACHE_PREFIX}/{prompt.name}/{digest}.json"

    def complete(self, prompt: Prompt, payload: dict[str, Any], schema: type[T]) -> AiResult[T]:
        """Ask for one JSON object valid against ``schema``; ``payload`` is the prompt's input."""
        s = self.settings
        base = {"model": s.model, "prompt": prompt.id}
        if not s.enabled:
            return AiResult(None, "off", "AI is off (JOBINTEL_AI_URL / JOBINTEL_AI_MODEL not set)", **base)
        key = self.cache_key(prompt, payload)
        cached = self._cached(key, schema)
        if cached is not None:
            return AiResult(cached, "cached", **base)
        user = json.dumps(payload, sort_keys=True, ensure_ascii=False)
        estimate = math.ceil((len(prompt.system) + len(user)) / CHARS_PER_TOKEN) + s.max_answer_tokens
        if self.tokens_spent + estimate > s.token_budget:
            return AiResult(
                None,
                "fallback",
                f"over the token budget: ~{estimate} tokens needed, "
                f"{s.token_budget - self.tokens_spent} of {s.token_budget} left",
                **base,
            )
        self.tokens_spent += estimate
        try:
            content = self._ask(prompt, user)
        except httpx.TimeoutException:
            return AiResult(None, "fallback", f"timeout after {s.timeout_s:g} s", **base)
        except httpx.HTTPStatusError as exc:
            return AiResult(None, "fallback", f"HTTP {exc.response.status_code} from the endpoint", **base)
        except (httpx.HTTPError, KeyError, IndexError, TypeError, ValueError) as exc:
            return AiResult(
                None, "fallback", self._redact(f"unusable answer: {type(exc).__name__}: {exc}")[:300], **base
            )
        try:
            value = schema.model_validate_json(_json_object(content))
        except (ValidationError, ValueError) as exc:
            first = str(exc).splitlines()[0][:200]
            return AiResult(
                None,
                "fallback",
                self._redact(f"the answer is not valid JSON for {schema.__name__}: {first}"),
                **base,
            )
        if self.cache is not None:
            self.cache.put(key, value.model_dump_json().encode())
        return AiResult(value, "generated", **base)

    def _cached(self, key: str, schema: type[T]) -> T | None:
        if self.cache is None:
            return None
        try:
            return schema.model_validate_json(self.cache.get(key))
        except ObjectMissing:
            return None
        except ValidationError:
            return None  # written by an older schema: ask again

    def _ask(self, prompt: Prompt, user: str) -> str:
        s = self.settings
        headers = {"Authorization": f"Bearer {s.api_key}"} if s.api_key else {}
        body = {
            "model": s.model,
            "temperature": 0,
            "max_tokens": s.max_answer_tokens,
            "response_format": {"type": "json_object"},
            "messages": [{"role": "system", "content": prompt.system}, {"role": "user", "content": user}],
        }
        with httpx.Client(timeout=s.timeout_s) as client:
            response = client.post(f"{s.base_url.rstrip('/')}/chat/completions", json=body, headers=headers)
            response.raise_for_status()
            content: str = response.json()["choices"][0]["message"]["content"]
            return content


def _json_object(content: str) -> str:
    """The answer's JSON object, allowing the Markdown code fence some models wrap it in."""
    text = content.strip()
    if text.startswith("```"):
        text = text.strip("`").removeprefix("json").strip()
    if not text.startswith("{"):
        raise ValueError("the answer is not a JSON object")
    return text

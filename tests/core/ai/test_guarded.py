"""The guarded AI client against a real loopback OpenAI-compatible server: used when valid, cached,
and every failure a fallback with its reason, never a leaked key."""

import json

from pydantic import BaseModel

from jobintel_core.ai.guarded import AiSettings, GuardedChat, Prompt
from jobintel_core.storage.objects import LocalObjectStore
from tests.support.fake_llm import Reply

PROMPT = Prompt(
    name="test-prompt", version=1, system='Answer with JSON {"headline": str, "paragraphs": [str]}.'
)
KEY = "sk-test-do-not-leak-1234"


class Answer(BaseModel):
    headline: str
    paragraphs: list[str]


def chat(fake_llm, tmp_path, **overrides) -> GuardedChat:
    settings = AiSettings(base_url=fake_llm.base_url, model="tiny", api_key=KEY, timeout_s=2.0, **overrides)
    return GuardedChat(settings, cache=LocalObjectStore(tmp_path / "cache"))


def test_a_valid_answer_is_used_then_served_from_the_cache(fake_llm, tmp_path):
    client = chat(fake_llm, tmp_path)
    first = client.complete(PROMPT, {"week": "2026-11-16", "matches": 8}, Answer)
    assert first.status == "generated" and first.value.headline == "A steady week for data roles"
    [request] = fake_llm.requests
    assert request["path"] == "/v1/chat/completions" and request["authorization"] == f"Bearer {KEY}"
    body = request["json"]
    assert (
        body["temperature"] == 0
        and body["model"] == "tiny"
        and body["messages"][0]["content"] == PROMPT.system
    )
    assert json.loads(body["messages"][1]["content"]) == {"week": "2026-11-16", "matches": 8}
    again = chat(fake_llm, tmp_path).complete(PROMPT, {"matches": 8, "week": "2026-11-16"}, Answer)
    assert again.status == "cached" and again.value == first.value and len(fake_llm.requests) == 1
    bumped = Prompt(PROMPT.name, 2, PROMPT.system)  # a new prompt version is a new question
    assert (
        chat(fake_llm, tmp_path).complete(bumped, {"week": "2026-11-16", "matches": 8}, Answer).status
        == "generated"
    )


def test_every_failure_falls_back_with_its_reason(fake_llm, tmp_path):
    client = chat(fake_llm, tmp_path)
    cases = [
        (Reply(content="Sure! Here is your note: great week."), "not valid JSON"),
        (Reply(content='{"headline": "no paragraphs"}'), "not valid JSON for Answer"),
        (Reply(status=500), "HTTP 500"),
        (Reply(delay_s=3.0), "timeout after 2 s"),
    ]
    for n, (reply, reason) in enumerate(cases):
        fake_llm.answer(reply)
        result = client.complete(PROMPT, {"case": n}, Answer)
        assert (result.status, result.value) == ("fallback", None), reply
        assert reason in result.reason, (reply, result.reason)
        assert KEY not in result.reason
    assert not list((tmp_path / "cache").rglob("*.json"))  # no failure was cached


def test_a_prompt_over_the_budget_is_never_sent(fake_llm, tmp_path):
    client = chat(fake_llm, tmp_path, token_budget=700, max_answer_tokens=600)
    result = client.complete(PROMPT, {"rows": ["x" * 80] * 10}, Answer)
    assert result.status == "fallback" and "over the token budget" in result.reason
    assert fake_llm.requests == []
    small = client.complete(PROMPT, {"rows": []}, Answer)  # fits: sent, and spends the budget
    assert small.status == "generated" and client.tokens_spent > 600
    assert client.complete(PROMPT, {"rows": [1]}, Answer).reason.startswith("over the token budget")


def test_off_without_an_endpoint(tmp_path):
    result = GuardedChat(AiSettings()).complete(PROMPT, {}, Answer)
    assert result.status == "off" and result.value is None and "JOBINTEL_AI_URL" in result.reason

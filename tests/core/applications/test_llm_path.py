"""The optional LLM path against a loopback OpenAI-compatible server: a grounded answer is used;
one that invents, is not JSON, is late or fails falls back to the template draft with the reason."""

from __future__ import annotations

import pytest

from jobintel_core.ai.guarded import AiSettings, GuardedChat
from jobintel_core.applications.application import prepare_draft
from jobintel_core.applications.templates import template_draft
from jobintel_core.storage.objects import LocalObjectStore
from tests.core.applications.drafting import JOB, fixture_resume
from tests.support.fake_llm import Reply

API_KEY = "sk-applications-do-not-leak"


def client(fake_llm, tmp_path) -> GuardedChat:
    settings = AiSettings(
        base_url=fake_llm.base_url,
        model="tiny",
        api_key=API_KEY,
        timeout_s=1.0,
        token_budget=100_000,
        max_answer_tokens=2500,
    )
    return GuardedChat(settings, cache=LocalObjectStore(tmp_path / "store"))


def answer(kind: str, edit) -> str:
    draft = template_draft(kind, fixture_resume("alex"), JOB)
    edit(draft)
    return draft.model_dump_json()


def block(draft, heading):
    return next(b for b in draft.blocks if b.heading == heading)


def reworded(draft):
    block(draft, "Closing").items[0].lines[0] = (
        "Thank you for your time; I would be glad to talk about the role."
    )


def test_a_grounded_answer_is_used_and_cached(fake_llm, tmp_path):
    fake_llm.answer(Reply(answer("letter", reworded)))
    chat = client(fake_llm, tmp_path)
    prepared = prepare_draft("letter", "alex", "main", fixture_resume("alex"), JOB, chat)
    assert (prepared.record.source, prepared.record.status) == ("llm", "generated")
    assert b"Thank you for your time; I would be glad" in prepared.files["letter.md"]
    assert (
        prepared.record.inputs["prompt"] == "application-draft/v1"
        and prepared.record.inputs["model"] == "tiny"
    )
    [request] = fake_llm.requests
    assert request["authorization"] == f"Bearer {API_KEY}"
    assert request["json"]["temperature"] == 0
    assert LocalObjectStore(tmp_path / "store").exists(prepared.record.ai_cache_key)
    again = prepare_draft("letter", "alex", "main", fixture_resume("alex"), JOB, chat)
    assert again.record.status == "cached" and again.files == prepared.files and len(fake_llm.requests) == 1


def invented_employer(draft):
    block(draft, "Profile").items[0].lines[0] += " Before that I led the search team at Google."


def invented_metric(draft):
    block(draft, "Experience").items[0].lines[0] = (
        block(draft, "Experience").items[0].lines[0].replace("35%", "70%")
    )


def invented_skill(draft):
    block(draft, "Skills").items[0].lines.append("Snowflake")


REJECTED = {
    "employer": ("letter", invented_employer, "name", "Google"),
    "metric": ("cv", invented_metric, "number", "70"),
    "skill": ("cv", invented_skill, "skill", "Snowflake"),
}


@pytest.mark.parametrize("case", sorted(REJECTED))
def test_an_answer_that_invents_is_rejected_for_the_template(fake_llm, tmp_path, case):
    kind, edit, category, invented = REJECTED[case]
    fake_llm.answer(Reply(answer(kind, edit)))
    resume = fixture_resume("alex")
    prepared = prepare_draft(kind, "alex", "main", resume, JOB, client(fake_llm, tmp_path))
    assert (prepared.record.source, prepared.record.status) == ("template", "rejected")
    assert prepared.outcome.draft == template_draft(kind, resume, JOB)
    assert invented in prepared.record.reason  # the user's own record says exactly what was wrong
    assert category in prepared.outcome.problems
    assert invented not in prepared.outcome.summary  # what logs and metadata get: categories and counts
    assert prepared.outcome.summary.startswith("the model's draft failed the grounding check (")


FAILURES = {
    "invalid JSON": (Reply("Here is your letter: Dear hiring team"), "not a JSON object"),
    "wrong shape": (Reply('{"letter": "Dear hiring team"}'), "not valid JSON for Draft"),
    "timeout": (Reply(delay_s=2.0), "timeout after 1 s"),
    "HTTP 500": (Reply(status=500), "HTTP 500"),
}


@pytest.mark.parametrize("case", sorted(FAILURES))
def test_a_failed_answer_falls_back_to_the_template(fake_llm, tmp_path, case):
    reply, reason = FAILURES[case]
    fake_llm.answer(reply)
    prepared = prepare_draft(
        "letter", "alex", "main", fixture_resume("alex"), JOB, client(fake_llm, tmp_path)
    )
    assert (prepared.record.source, prepared.record.status) == ("template", "fallback")
    assert reason in prepared.record.reason and prepared.outcome.summary == prepared.record.reason
    assert prepared.outcome.draft == template_draft("letter", fixture_resume("alex"), JOB)


def test_the_api_key_is_in_no_record_or_file(fake_llm, tmp_path):
    fake_llm.answer(Reply(status=500))
    prepared = prepare_draft("cv", "alex", "main", fixture_resume("alex"), JOB, client(fake_llm, tmp_path))
    stored = [prepared.record.model_dump_json().encode(), *prepared.files.values()]
    assert not any(API_KEY.encode() in data for data in stored)

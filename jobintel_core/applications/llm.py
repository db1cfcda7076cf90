"""The optional LLM pass over a template draft: better wording, never new facts.

The model gets the résumé, the job and the template draft, and must answer with a draft of the
same shape (``Draft``). The answer is used only when the guarded client returns one (temperature 0,
versioned prompt, schema-checked, cached, budgeted) *and* it passes the grounding check; otherwise
the template draft is used and the reason kept. The reason shown in Dagster metadata and logs is
``Outcome.summary``: categories and counts, never the draft's or the résumé's text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from jobintel_core.ai.guarded import AiSettings, GuardedChat, Prompt
from jobintel_core.applications.drafts import Draft
from jobintel_core.applications.grounding import check_grounding
from jobintel_core.applications.job import JobFacts
from jobintel_core.applications.resume import Resume
from jobintel_core.config.settings import AI_KEY_ENV, Settings

LLM_DESCRIPTION_CHARS = 2000
DRAFT_ANSWER_TOKENS = 2500  # a whole draft as JSON; the narrative's 600 would cut it off
DRAFT_PROMPT = Prompt(
    name="application-draft",
    version=1,
    system=(
        "You improve the wording of one job application document. You get JSON with the candidate's "
        "résumé, the job, and a draft of the document. Answer with one JSON object of exactly the draft's "
        "shape (kind, name, contact, job_title, company, blocks of heading, voice, inline and items of "
        "title, org, dates, lines). Keep every item's title, org and dates exactly as in the draft. "
        "Rewrite lines for clarity and fit to the job, but use only facts from the résumé: no employer, "
        "title, date, degree, certificate, number or skill that the résumé does not state. Skills the "
        "résumé lacks may appear only in blocks whose voice is 'job'. Do not add blocks about the candidate."
    ),
)


def ai_settings(settings: Settings, environ: Mapping[str, str]) -> AiSettings:
    """The guarded client's settings for drafts and imports outside Dagster (the web app, the
    CLI's import): the environment's endpoint, its API key, answers as long as a whole draft."""
    return AiSettings(
        base_url=settings.ai_url,
        model=settings.ai_model,
        api_key=environ.get(AI_KEY_ENV, ""),
        timeout_s=settings.ai_timeout_s,
        token_budget=settings.ai_token_budget,
        max_answer_tokens=DRAFT_ANSWER_TOKENS,
    )


@dataclass(frozen=True)
class Outcome:
    draft: Draft
    source: Literal["template", "llm"]
    status: str  # the client's status (off, generated, cached, fallback) or "rejected"
    reason: str = ""  # full reason, for the user's own draft record (may quote the draft)
    summary: str = ""  # the same without any text of the draft: for logs and metadata
    cache_key: str = ""  # where the answer is cached: deleted with the résumé
    problems: dict[str, int] = field(default_factory=dict)


def llm_payload(template: Draft, resume: Resume, job: JobFacts) -> dict[str, Any]:
    return {
        "resume": resume.model_dump(by_alias=True),
        "job": {
            "title": job.title,
            "company": job.company,
            "skills": job.skills,
            "description": job.description[:LLM_DESCRIPTION_CHARS],
        },
        "draft": template.model_dump(),
    }


def polish(chat: GuardedChat | None, template: Draft, resume: Resume, job: JobFacts) -> Outcome:
    """The LLM's draft when it is grounded, else ``template``, with the reason."""
    if chat is None or not chat.settings.enabled:
        return Outcome(template, "template", "off", "AI is off", "AI is off")
    payload = llm_payload(template, resume, job)
    key = chat.cache_key(DRAFT_PROMPT, payload)
    answer = chat.complete(DRAFT_PROMPT, payload, Draft)
    if answer.value is None:
        # the client's reasons name only the failure (timeout, HTTP status, schema), never content
        return Outcome(template, "template", answer.status, answer.reason, answer.reason, key)
    if answer.value.kind != template.kind:
        why = f"the model answered a {answer.value.kind}, not a {template.kind}"
        return Outcome(template, "template", "rejected", why, why, key)
    grounding = check_grounding(answer.value, resume, job)
    if not grounding.ok:
        counts = dict(Counter(kind for kind, _ in grounding.problems))
        shown = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))
        return Outcome(
            template,
            "template",
            "rejected",
            f"the model's draft failed the grounding check: {grounding.reason()}",
            f"the model's draft failed the grounding check ({shown})",
            key,
            counts,
        )
    return Outcome(answer.value, "llm", answer.status, cache_key=key)

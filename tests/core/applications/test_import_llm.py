"""The optional LLM pass at import, against a loopback OpenAI-compatible server: it fills only what
the rules left empty, only with values the file states, says which fields it filled, and falls
back to the rules' résumé (with the reason) for an invented value, invalid JSON, a timeout or a 500;
no résumé text and no API key in any log or reason."""

from __future__ import annotations

import logging

import pytest

from jobintel_core.ai.guarded import AiSettings, GuardedChat
from jobintel_core.applications.filling import IMPORT_PROMPT, MemoryCache, fill_missing
from jobintel_core.applications.importing import missing_fields, read_resume
from jobintel_core.applications.resume import Resume, Work
from tests.support.fake_llm import Reply

API_KEY = "sk-import-do-not-leak"
TEXT = """Jordan Avery-Lindqvist
Backend Developer · Hamburg, Germany · jordan.al@example.org

EXPERIENCE
Backend Developer — Kestrel Freight GmbH
Mar 2020 – Present
- Built the routing service in Go for 14 depots.

Data Analyst
2016 – 2019
- Maintained the Python services of Quantified Tides.

SKILLS
Go, Python, PostgreSQL
"""
PERSONAL = [
    "Jordan Avery-Lindqvist",
    "jordan.al@example.org",
    "Kestrel Freight",
    "Quantified Tides",
    "14 depots",
]


def client(fake_llm, timeout_s: float = 1.0) -> GuardedChat:
    settings = AiSettings(
        base_url=fake_llm.base_url,
        model="tiny",
        api_key=API_KEY,
        timeout_s=timeout_s,
        token_budget=100_000,
        max_answer_tokens=2500,
    )
    return GuardedChat(settings, cache=MemoryCache())


def rules() -> Resume:
    return read_resume(TEXT.encode(), "cv.txt").resume


def answer(edit) -> str:
    """The model's answer: the rules' résumé, edited as the test says."""
    document = rules().model_dump(by_alias=True)
    edit(document)
    return Resume.model_validate(document).model_dump_json(by_alias=True)


def employer(document, name="Quantified Tides"):
    document["work"][1]["name"] = name


def test_the_rules_leave_the_employer_of_the_second_position_empty():
    assert missing_fields(rules()) == ["work[1].name"]


def test_a_grounded_answer_fills_only_empty_fields_and_says_which(fake_llm):
    def edit(document):
        employer(document)
        document["basics"]["label"] = "Senior Backend Developer"  # read by the rules: kept
        document["work"][0]["highlights"] = ["Routing in Go."]  # read by the rules: kept

    fake_llm.answer(Reply(answer(edit)))
    imported = read_resume(TEXT.encode(), "cv.txt", client(fake_llm))
    assert (imported.ai, imported.filled, imported.missing) == ("generated", ["work[1].name"], [])
    assert imported.resume.work[1].name == "Quantified Tides"
    assert imported.resume.basics.label == "Backend Developer"
    assert imported.resume.work[0].highlights == ["Built the routing service in Go for 14 depots."]
    [request] = fake_llm.requests
    assert request["json"]["temperature"] == 0 and IMPORT_PROMPT.id == "resume-import/v1"
    assert request["authorization"] == f"Bearer {API_KEY}"


def test_the_same_file_is_answered_from_the_cache(fake_llm):
    fake_llm.answer(Reply(answer(employer)))
    chat = client(fake_llm)
    first = read_resume(TEXT.encode(), "cv.txt", chat)
    again = read_resume(TEXT.encode(), "cv.txt", chat)
    assert again.ai == "cached" and again.resume == first.resume and len(fake_llm.requests) == 1


def test_an_invented_employer_rejects_the_answer(fake_llm):
    fake_llm.answer(Reply(answer(lambda d: employer(d, "Initech Holdings"))))
    imported = read_resume(TEXT.encode(), "cv.txt", client(fake_llm))
    assert (imported.ai, imported.filled, imported.missing) == ("rejected", [], ["work[1].name"])
    assert imported.resume == rules()
    assert imported.ai_reason == "the model's answer is not in the résumé (1 employer)"


def test_an_invented_date_or_skill_rejects_the_whole_answer(fake_llm):
    """One untraceable value rejects every value of the answer, the grounded ones too."""
    read = Resume(work=[Work(name="Kestrel Freight GmbH", position="Backend Developer")])
    lines = TEXT.splitlines()
    cases = {
        "date": {"start_date": "2015-01", "end_date": "2019"},  # 2019 is stated, 2015 is not
        "skill": {"start_date": "2020-03", "highlights": ["Built the routing service in Rust."]},
    }
    for category, fields in cases.items():
        fake_llm.answer(Reply(Resume(work=[read.work[0].model_copy(update=fields)]).model_dump_json()))
        filled = fill_missing(client(fake_llm), read, missing_fields(read), lines)
        assert (filled.status, filled.resume, filled.filled) == ("rejected", read, []), category
        assert f"1 {'text' if category == 'skill' else 'date'}" in filled.reason


def test_a_grounded_date_from_the_text_is_taken(fake_llm):
    read = Resume(work=[Work(name="Kestrel Freight GmbH", position="Backend Developer")])
    theirs = Resume(work=[read.work[0].model_copy(update={"start_date": "2020-03"})])
    fake_llm.answer(Reply(theirs.model_dump_json()))
    filled = fill_missing(client(fake_llm), read, missing_fields(read), TEXT.splitlines())
    assert filled.filled == ["work[0].startDate"] and filled.resume.work[0].start_date == "2020-03"
    assert filled.resume.work[0].end_date == ""  # open: the model did not fill it, and may not


FAILURES = {
    "invalid JSON": (Reply("Here is the résumé: Jordan"), "not a JSON object"),
    "timeout": (Reply(delay_s=2.0), "timeout after 1 s"),
    "HTTP 500": (Reply(status=500), "HTTP 500"),
}


@pytest.mark.parametrize("case", sorted(FAILURES))
def test_a_failed_answer_keeps_the_rules_resume_with_the_reason(fake_llm, case):
    reply, reason = FAILURES[case]
    fake_llm.answer(reply)
    imported = read_resume(TEXT.encode(), "cv.txt", client(fake_llm))
    assert (imported.ai, imported.filled, imported.resume) == ("fallback", [], rules())
    assert reason in imported.ai_reason


def test_off_without_an_endpoint_and_no_question_when_nothing_is_missing(fake_llm):
    assert read_resume(TEXT.encode(), "cv.txt").ai == "off"
    off = GuardedChat(AiSettings(), cache=MemoryCache())
    assert read_resume(TEXT.encode(), "cv.txt", off).ai == "off"
    full = TEXT.replace("Data Analyst\n", "Data Analyst, Quantified Tides\n")
    assert read_resume(full.encode(), "cv.txt", client(fake_llm)).ai == "complete"
    assert fake_llm.requests == []


def test_no_resume_text_or_api_key_in_logs_or_reasons(fake_llm, caplog, capfd):
    caplog.set_level(logging.DEBUG)
    reasons = []
    for reply in (
        Reply(answer(employer)),
        Reply(answer(lambda d: employer(d, "Initech Holdings"))),
        Reply(status=500),
        Reply("not json " + TEXT),
    ):
        fake_llm.answer(reply)
        imported = read_resume(TEXT.encode(), "cv.txt", client(fake_llm))
        reasons.append(imported.ai_reason)
    output = caplog.text + "".join(capfd.readouterr()) + "\n".join(reasons)
    assert API_KEY not in output and "Initech" not in output
    assert [s for s in PERSONAL if s in output] == []

"""The optional LLM pass at import: fill what the rules left empty, never anything they read.

The model gets the résumé's extracted text, what the rules read from it and the paths they missed,
and answers with a whole résumé (``Resume``, schema-checked by the guarded client: temperature 0,
versioned prompt, cached, fail-closed). Only fields the rules left empty are taken from it:

* a scalar field of ``basics`` or of an entry (employer, position, dates …) that is empty;
* an entry's empty fields only when the model's entry at the same place agrees with every field
  the rules read (it is the same position), and an open end date ("present") stays open;
* a whole section (skills, projects, languages, certificates, work, education) only when the
  rules found nothing in it.

Everything taken must trace to the résumé's text, with the grounding check's tracing
(``grounding.verbatim_in`` and ``grounding.traced``): names, employers, titles, degrees, places
and skills as written in the file; dates among the dates the file states; free text (a summary, a
highlight) with no number, skill or name that the file lacks. One untraceable value rejects the
whole answer (an answer that invents one employer is not trusted for the rest), and the rules'
résumé is kept with the reason. Reasons name categories and counts only, never résumé text, so
they may be shown, logged or recorded.

The answers are cached in memory for the process, never in the user's store: an upload is stored
only when the user confirms it, so an abandoned one leaves nothing behind.
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from typing import Any

from jobintel_core.ai.guarded import GuardedChat, Prompt
from jobintel_core.applications.dates import SINGLE, iso_date
from jobintel_core.applications.grounding import Allowed, traced, verbatim_in
from jobintel_core.applications.resume import Resume
from jobintel_core.storage.objects import ObjectMissing

IMPORT_PROMPT = Prompt(
    name="resume-import",
    version=1,
    system=(
        "You read a résumé. You get JSON with the résumé's text as extracted from the file ('text'), "
        "the structured résumé a rule-based reader made of it ('read', JSON Resume) and the fields it "
        "could not read ('missing'). Answer with one JSON object: the whole résumé in the same JSON "
        "Resume shape (basics, work, education, skills, projects, languages, certificates), keeping "
        "every value of 'read' as it is and in the same order, and filling what is missing only from "
        "the text. Copy names, employers, titles, degrees, institutions, places and skills exactly as "
        "the text writes them. Dates as YYYY-MM or YYYY; an open position has no endDate. Never add "
        "anything the text does not state; leave a field empty when the text does not say it."
    ),
)
TEXT_CHARS = 12_000  # a long résumé's text; more is cut (the budget check would refuse it anyway)
VERBATIM = "verbatim"
DATE = "date"
FREE = "text"
_BASICS = {"name": VERBATIM, "label": VERBATIM, "email": VERBATIM, "phone": VERBATIM, "url": VERBATIM}
_BASICS_FREE = {"summary": FREE}
_PLACE = {"city": VERBATIM, "region": VERBATIM}
# per section: the fields an entry has (Python name, JSON Resume name, how it traces) and which
# of them identify it (what the model's entry must agree with to be "the same" entry)
_ENTRIES: dict[str, list[tuple[str, str, str]]] = {
    "work": [
        ("name", "name", VERBATIM),
        ("position", "position", VERBATIM),
        ("location", "location", VERBATIM),
        ("start_date", "startDate", DATE),
        ("end_date", "endDate", DATE),
        ("summary", "summary", FREE),
    ],
    "education": [
        ("institution", "institution", VERBATIM),
        ("area", "area", VERBATIM),
        ("study_type", "studyType", VERBATIM),
        ("start_date", "startDate", DATE),
        ("end_date", "endDate", DATE),
    ],
}
_WHOLE = {
    "skills": {"name": VERBATIM, "keywords": VERBATIM},
    "projects": {"name": VERBATIM, "description": FREE, "highlights": FREE},
    "languages": {"language": VERBATIM, "fluency": VERBATIM},
    "certificates": {"name": VERBATIM, "issuer": VERBATIM, "date": DATE},
    "work": {**{k: how for k, _, how in _ENTRIES["work"]}, "highlights": FREE},
    "education": {k: how for k, _, how in _ENTRIES["education"]},
}
_CAMEL = {k: camel for fields in _ENTRIES.values() for k, camel, _ in fields} | {
    "country_code": "countryCode"
}


class MemoryCache:
    """The import answers of this process, newest kept (an ``ObjectStore`` for ``GuardedChat``'s
    cache: ``get`` and ``put`` are what it uses). Never written to disk."""

    def __init__(self, limit: int = 64) -> None:
        self.limit = limit
        self._items: OrderedDict[str, bytes] = OrderedDict()

    def put(self, key: str, data: bytes) -> str:
        self._items[key] = data
        self._items.move_to_end(key)
        while len(self._items) > self.limit:
            self._items.popitem(last=False)
        return key

    def get(self, key: str) -> bytes:
        try:
            return self._items[key]
        except KeyError:
            raise ObjectMissing(key) from None

    def exists(self, key: str) -> bool:
        return key in self._items

    def delete(self, key: str) -> None:
        self._items.pop(key, None)

    def list(self, prefix: str) -> list[str]:
        return sorted(k for k in self._items if k.startswith(prefix))

    def uri(self, key: str) -> str:
        return f"memory:{key}"


IMPORT_CACHE = MemoryCache()


@dataclass(frozen=True)
class Filled:
    resume: Resume
    filled: list[str] = field(default_factory=list)  # the paths the model filled (``work[1].startDate``)
    status: str = "off"  # the client's status (off, generated, cached, fallback), rejected, or complete
    reason: str = ""  # categories and counts only: safe for pages, logs and records


@dataclass
class _Candidate:
    path: str
    how: str
    value: Any


def fill_missing(chat: GuardedChat | None, resume: Resume, missing: list[str], lines: list[str]) -> Filled:
    """``resume`` with the empty fields the model could fill from ``lines`` (the file's text)."""
    if chat is None or not chat.settings.enabled:
        return Filled(resume, status="off", reason="AI is off")
    if not missing:
        return Filled(resume, status="complete", reason="the rules read every field")
    text = "\n".join(lines)
    payload = {"text": text[:TEXT_CHARS], "read": resume.model_dump(by_alias=True), "missing": missing}
    answer = chat.complete(IMPORT_PROMPT, payload, Resume)
    if answer.value is None:
        return Filled(resume, status=answer.status, reason=answer.reason)
    mine = resume.model_dump()
    candidates = _candidates(mine, answer.value.model_dump())
    problems = _untraced(candidates, text)
    if problems:
        counts = ", ".join(f"{n} {kind}" for kind, n in sorted(Counter(problems).items()))
        return Filled(resume, status="rejected", reason=f"the model's answer is not in the résumé ({counts})")
    for candidate in candidates:
        _assign(mine, candidate.path, candidate.value)
    return Filled(
        Resume.model_validate(mine),
        filled=[_shown(c.path) for c in candidates],
        status=answer.status,
        reason=f"filled {len(candidates)} field(s)" if candidates else "the model found nothing more",
    )


def _empty(value: Any) -> bool:
    return value in ("", [], None)


def _candidates(mine: dict[str, Any], theirs: dict[str, Any]) -> list[_Candidate]:
    found = [
        _Candidate(f"basics.{k}", how, theirs["basics"][k])
        for k, how in (_BASICS | _BASICS_FREE).items()
        if _empty(mine["basics"][k]) and not _empty(theirs["basics"][k])
    ]
    found += [
        _Candidate(f"basics.location.{k}", how, theirs["basics"]["location"][k])
        for k, how in _PLACE.items()
        if _empty(mine["basics"]["location"][k]) and not _empty(theirs["basics"]["location"][k])
    ]
    for section in _WHOLE:
        if not mine[section] and theirs[section]:
            found.append(_Candidate(section, f"entries:{section}", theirs[section]))
            continue
        if section not in _ENTRIES:
            continue
        for i, (entry, other) in enumerate(zip(mine[section], theirs[section], strict=False)):
            read = [k for k, _, _ in _ENTRIES[section] if not _empty(entry[k])]
            if any(" ".join(str(entry[k]).split()) != " ".join(str(other[k]).split()) for k in read):
                continue  # not the same entry: the model reordered or changed what was read
            dated = bool(entry["start_date"] or entry["end_date"])
            for k, _, how in _ENTRIES[section]:
                if k == "end_date" and dated:
                    continue  # a read start without an end is an open position, not a gap
                if _empty(entry[k]) and not _empty(other[k]):
                    found.append(_Candidate(f"{section}[{i}].{k}", how, other[k]))
            if section == "work" and not entry["highlights"] and other["highlights"]:
                found.append(_Candidate(f"work[{i}].highlights", FREE, other["highlights"]))
    return found


def _untraced(candidates: list[_Candidate], text: str) -> list[str]:
    """The category of every value that does not trace to ``text`` (one per value)."""
    allowed = Allowed.of_text(text)
    dates = {iso_date(m["date"]) for m in SINGLE.finditer(text)} - {""}
    problems: list[str] = []

    def check(path: str, how: str, value: Any) -> None:
        if isinstance(value, list):
            for item in value:
                check(path, how, item)
        elif how == DATE:
            if value not in dates:
                problems.append("date")
        elif how == VERBATIM:
            if not verbatim_in(str(value), text):
                problems.append(_category(path))
        elif traced(str(value), allowed, path):
            problems.append("text")

    for candidate in candidates:
        if candidate.how.startswith("entries:"):
            fields = _WHOLE[candidate.how.removeprefix("entries:")]
            for entry in candidate.value:
                for k, how in fields.items():
                    if not _empty(entry.get(k)):
                        check(f"{candidate.path}.{k}", how, entry[k])
        else:
            check(candidate.path, candidate.how, candidate.value)
    return problems


def _category(path: str) -> str:
    """What an untraced value is, in the user's words (``work[0].name`` is an employer)."""
    section, last = path.split(".")[0].split("[")[0], path.rsplit(".", 1)[-1]
    named = {
        ("work", "name"): "employer",
        ("work", "position"): "title",
        ("education", "study_type"): "degree",
    }
    return named.get((section, last), "skill" if section == "skills" else last)


def _assign(document: dict[str, Any], path: str, value: Any) -> None:
    parts = path.replace("]", "").replace("[", ".").split(".")
    target: Any = document
    for part in parts[:-1]:
        target = target[int(part)] if part.isdigit() else target[part]
    target[parts[-1]] = value


def _shown(path: str) -> str:
    """A path as the import's ``missing`` list writes it (JSON Resume names: ``work[1].startDate``)."""
    head, _, last = path.rpartition(".")
    return f"{head}.{_CAMEL.get(last, last)}" if head else path

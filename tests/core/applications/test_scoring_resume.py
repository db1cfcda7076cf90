"""Several résumés per profile and the one it scores with: a choice must name a stored résumé; without
one (or after the chosen one is deleted) the profile falls back to ``main``, else the first by name,
and says it did; drafts default to the scoring résumé."""

from __future__ import annotations

import pytest

from jobintel_core.applications.library import (
    ResumeMissing,
    ScoringResume,
    choose_scoring_resume,
    delete_resume,
    resume_or_scoring,
    save_resume,
    scoring_key,
    scoring_resume,
)
from jobintel_core.storage.objects import LocalObjectStore
from tests.core.applications.drafting import fixture_resume


def test_the_scoring_resume_is_chosen_validated_and_falls_back_on_delete(tmp_path):
    store = LocalObjectStore(tmp_path)
    assert scoring_resume(store, "alex") == ScoringResume(name=None)
    with pytest.raises(ResumeMissing, match="has no résumé"):
        resume_or_scoring(store, "alex", None)
    save_resume(store, "alex", fixture_resume("alex"), "data-eng")
    save_resume(store, "alex", fixture_resume("alex"), "analytics")
    assert scoring_resume(store, "alex") == ScoringResume(name="analytics")  # no main: the first by name
    save_resume(store, "alex", fixture_resume("alex"))
    assert scoring_resume(store, "alex") == ScoringResume(name="main")
    with pytest.raises(ResumeMissing, match="it has: analytics, data-eng, main"):
        choose_scoring_resume(store, "alex", "ghost")
    assert not store.exists(scoring_key("alex"))
    choose_scoring_resume(store, "alex", "data-eng")
    assert scoring_resume(store, "alex") == ScoringResume(name="data-eng", chosen=True)
    assert resume_or_scoring(store, "alex", None) == "data-eng"
    assert resume_or_scoring(store, "alex", "analytics") == "analytics"

    assert scoring_key("alex") not in delete_resume(store, "alex", "analytics")  # not the scoring one
    assert scoring_resume(store, "alex") == ScoringResume(name="data-eng", chosen=True)
    before = set(store.list(""))
    deleted = delete_resume(store, "alex", "data-eng")
    assert before - set(store.list("")) == set(deleted) and scoring_key("alex") in deleted
    assert scoring_resume(store, "alex") == ScoringResume(name="main", chosen=False)
    delete_resume(store, "alex", "main")
    assert store.list("") == [] and scoring_resume(store, "alex") == ScoringResume(name=None)

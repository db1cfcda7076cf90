"""How many points each scoring component is worth: versioned data, fitted on labelled rankings.

A component's *share* (0–1: how much of the title matches, how far under the floor the pay is) is
computed by a rule in ``scorer``; its weight turns the share into points. Gains add, penalties
subtract, and every weight is ≥ 0, so an explanation always reads "more fit → more points"; an
excluded job scores 0 whatever the weights. The weights are fitted offline (``bench/fit_fusion.py``:
pairwise logistic regression with non-negative weights on the tuning part of the labelled set,
checked leave-one-profile-out) and shipped as ``data/fusion_weights.yaml`` with the date and set
they were fitted on, so a change of weights is a reviewed change of data, and the feedback issue
can start from them as the shared prior.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from jobintel_core.base.paths import DATA_DIR

FUSION_WEIGHTS_PATH = DATA_DIR / "fusion_weights.yaml"
GAIN_NAMES = ("title", "must_have", "nice_to_have", "semantic")
PENALTY_NAMES = ("seniority", "location", "salary", "freshness")


class FusionWeights(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    version: str
    fitted_at: date
    fitted_on: str = Field(description="the labelled set (and part) the weights were fitted on")
    method: str
    gains: dict[str, float] = Field(description="points of a full share; they sum to 100")
    penalties: dict[str, float] = Field(description="points taken at a full share")
    validation: dict[str, float] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _complete(self) -> FusionWeights:
        if tuple(self.gains) != GAIN_NAMES or tuple(self.penalties) != PENALTY_NAMES:
            raise ValueError(f"gains must be {GAIN_NAMES} and penalties {PENALTY_NAMES}, in that order")
        if any(v < 0 for v in (*self.gains.values(), *self.penalties.values())):
            raise ValueError("weights are ≥ 0: gains add points and penalties take them away")
        if abs(sum(self.gains.values()) - 100) > 0.01:
            raise ValueError("gains must sum to 100, so a perfect fit scores 100")
        return self


def load_fusion_weights(path: Path = FUSION_WEIGHTS_PATH) -> FusionWeights:
    return FusionWeights.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def default_fusion_weights() -> FusionWeights:
    return load_fusion_weights()

"""Pay in another currency, converted with a dated table shipped in the repo (``data/exchange_rates.yaml``).

Why a table and not a live rate: scores must be the same for the same inputs (a replay a month later
gives the same shortlist) and nothing may be fetched at run time. The table's ``as_of`` date is in
every salary explanation that used it, so a reader knows how old the rate was.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from jobintel_core.base.paths import DATA_DIR

RATES_PATH = DATA_DIR / "exchange_rates.yaml"


class ExchangeRates(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    as_of: date
    base: str = Field(pattern=r"^[A-Z]{3}$")
    source: str
    rates: dict[str, float]

    @field_validator("rates")
    @classmethod
    def _positive(cls, rates: dict[str, float]) -> dict[str, float]:
        bad = [code for code, rate in rates.items() if rate <= 0 or len(code) != 3 or not code.isupper()]
        if bad:
            raise ValueError(f"rates must be positive, keyed by ISO 4217 codes: {bad}")
        return rates

    def factor(self, source: str | None, target: str) -> float | None:
        """Multiply an amount in ``source`` by this to get ``target``; ``None`` if either is unknown."""
        if source is None or source not in self.rates or target not in self.rates:
            return None
        return self.rates[target] / self.rates[source]


@lru_cache(maxsize=1)
def default_rates() -> ExchangeRates:
    return ExchangeRates.model_validate(yaml.safe_load(RATES_PATH.read_text(encoding="utf-8")))

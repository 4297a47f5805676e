"""Configuration of the synthetic partnership generator."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date


@dataclass(frozen=True)
class SynthConfig:
    """Everything that shapes one synthetic partnership. Same config + same seed = same bytes."""

    children: int = 2000
    seed: int = 42
    start_year: int = 2019
    end_date: str = "2026-10-31"
    # Share of households in the catchment of the two partnership schools.
    school_catchment: float = 0.6
    # Share of background households with domestic abuse during the window.
    da_household_rate: float = 0.11
    # Share of teenagers who use the youth service.
    youth_uptake: float = 0.25
    # Identity variation between agencies (each applied independently per agency record).
    nickname_rate: float = 0.07
    typo_rate: float = 0.03
    dob_error_rate: float = 0.02
    surname_variant_rate: float = 0.04
    missing_identifier_rate: float = 0.04
    missing_address_rate: float = 0.02
    duplicate_record_rate: float = 0.01
    # Share of ordinary case notes that deliberately use a flagged (victim-blaming / discouraged) phrase.
    flagged_note_rate: float = 0.004
    # Multiplier on the number of injected scenario instances (per 2,000 children).
    scenario_scale: float = 1.0

    @property
    def window_start(self) -> date:
        return date(self.start_year, 1, 1)

    @property
    def window_end(self) -> date:
        return date.fromisoformat(self.end_date)

    def as_dict(self) -> dict:
        return asdict(self)

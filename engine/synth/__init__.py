"""Deterministic synthetic multi-agency partnership generator (pure Python, synthetic data only).

    from engine.synth import generate, SynthConfig
    summary = generate(SynthConfig(children=2000, seed=42), out_dir=Path("out"))
"""

from engine.synth.config import SynthConfig
from engine.synth.generate import generate

__all__ = ["SynthConfig", "generate"]

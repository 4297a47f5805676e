"""Language checker: flags terms safeguarding guidance asks case recorders to avoid.

    from engine.language import check_text, check_many, load_rules, Finding, NoteContext, LanguageRule
    findings = check_text("She is putting herself at risk.", context=NoteContext(child_age=14))

Rules are data (`rules.yaml`); `python -m engine.language` renders them as `docs/language-rules.md`.
Matching uses spaCy's blank English tokenizer and the lookup lemmatiser's table (spacy-lookups-data);
no model is downloaded. The pipeline is built once and cached.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .checker import Finding, NoteContext, get_checker
from .rules import LanguageRule, RuleError, load_rules, render_markdown

__all__ = ["Finding", "LanguageRule", "NoteContext", "RuleError", "check_many", "check_text", "load_rules",
           "render_markdown"]


def check_text(text: str, context: NoteContext | None = None) -> list[Finding]:
    """Findings in one note, in order of position."""
    return get_checker().check_many([text], [context])[0]


def check_many(texts: Iterable[str], contexts: Sequence[NoteContext | None] | None = None) -> list[list[Finding]]:
    """Findings for each note (batched through spaCy's nlp.pipe); contexts, if given, align with texts."""
    return get_checker().check_many(texts, contexts)

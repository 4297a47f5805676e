"""The JoinedUp event and association vocabulary (events.yaml, associations.yaml) as data.

    from engine.vocabulary import load_vocabulary
    voc = load_vocabulary()
    et = voc.resolve_event_type("WNB")            # -> EventType appointment.was_not_brought
    et.validate_attributes({"service": "CAMHS"})  # -> [] when valid, else [(field, reason)]

AttributeSpec and NationalCode (the types of et.attributes and et.national_codes) live in
engine.vocabulary.model.
"""

from .loader import load_vocabulary
from .model import AssociationType, Citation, EventType, Vocabulary, VocabularyError
from .render import render_markdown

__all__ = [
    "AssociationType",
    "Citation",
    "EventType",
    "Vocabulary",
    "VocabularyError",
    "load_vocabulary",
    "render_markdown",
]

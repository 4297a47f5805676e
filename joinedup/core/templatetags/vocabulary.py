"""Template filters that show vocabulary codes in plain words."""

from django import template

from engine.vocabulary import load_vocabulary

register = template.Library()


@register.filter
def event_label(code: str) -> str:
    """The plain-English label of an event type code (the code itself if it is not in the vocabulary)."""
    event_type = load_vocabulary().event_types.get(code)
    return event_type.label if event_type else code


@register.filter
def association_label(code: str) -> str:
    """The plain-English label of an association type code."""
    association_type = load_vocabulary().association_types.get(code)
    return association_type.label if association_type else code

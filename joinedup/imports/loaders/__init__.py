"""Loaders write one chunk of validated rows of one kind, and return the rows they had to reject."""

from joinedup.imports.loaders.associations import load_associations
from joinedup.imports.loaders.events import load_events
from joinedup.imports.loaders.households import load_households
from joinedup.imports.loaders.people import load_people

__all__ = ["LOADERS"]

LOADERS = {
    "people": load_people,
    "events": load_events,
    "associations": load_associations,
    "households": load_households,
}

"""Households and relationships over time, inferred from agencies' records of linked people (issue 3, item 6).

Pure Python. `infer_households` groups people recorded at one home (addresses normalised by the
rules in data/addresses.yaml) in overlapping periods; `infer_relationships` reads declared
relationships (household roles, person-to-person associations) and infers the ones they imply,
marking each as declared or inferred with its evidence. Nothing here is a score: how each finding is
known is said in words.
"""

from engine.households.addresses import Home, home_of, normalise_postcode
from engine.households.inference import (
    EVENT_AT_HOME,
    HOUSEHOLD_RECORD,
    IDENTITY_RECORD,
    LIVES_AT_LINK,
    Evidence,
    InferredHousehold,
    InferredMember,
    Sighting,
    household_rules,
    infer_households,
)
from engine.households.relationships import (
    DeclaredLink,
    InferredRelationship,
    infer_relationships,
    relationship_noun,
)

__all__ = [
    "EVENT_AT_HOME",
    "HOUSEHOLD_RECORD",
    "IDENTITY_RECORD",
    "LIVES_AT_LINK",
    "DeclaredLink",
    "Evidence",
    "Home",
    "InferredHousehold",
    "InferredMember",
    "InferredRelationship",
    "Sighting",
    "home_of",
    "household_rules",
    "infer_households",
    "infer_relationships",
    "normalise_postcode",
    "relationship_noun",
]

"""Finding the organisation or person a typed name refers to (app.matching.matchers),
through stored, indexed keys (keys, models, index) kept current on every write (upkeep)."""

from app.matching import upkeep as _upkeep  # noqa: F401  (registers the flush listener)
from app.matching.keys import HONORIFICS, normalise, person_key, sound_key
from app.matching.matchers import (
    NO_MATCH,
    ContactEntry,
    ContactMatcher,
    Match,
    MatchKind,
    OrganisationEntry,
    OrganisationMatcher,
)

__all__ = [
    "HONORIFICS",
    "NO_MATCH",
    "ContactEntry",
    "ContactMatcher",
    "Match",
    "MatchKind",
    "OrganisationEntry",
    "OrganisationMatcher",
    "normalise",
    "person_key",
    "sound_key",
]

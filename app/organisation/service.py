"""Organisations without duplicates: the test of a new name against those on record,
and the look-up of a name a person typed."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.errors import FormInvalid
from app.matching import MatchKind, OrganisationMatcher
from app.organisation.models import Organisation


class LooksLikeExisting(FormInvalid):
    """A new name resembles an existing organisation: ask before creating a duplicate."""


def check_duplicates(
    session: Session,
    name: str,
    aliases: list[str],
    org: Organisation | None,
    *,
    create_anyway: bool,
) -> None:
    """Refuse an exact duplicate; ask before saving a name that looks like another body's
    (same acronym, an alias, or a near spelling) unless told it is a different body."""
    matcher = OrganisationMatcher.from_database(session)
    for field, candidate in [("name", name), *[("aliases", a) for a in aliases]]:
        match = matcher.match(candidate)
        if not match.found or (org is not None and match.id == org.id):
            continue
        if match.kind is MatchKind.exact and field == "name":
            raise FormInvalid({"name": f"“{match.name}” already exists (names ignore case)."})
        if not create_anyway:
            raise LooksLikeExisting(
                {
                    field: f"“{candidate}” looks like “{match.name}”, which already exists. "
                    "Use that organisation, or tick “create anyway” if this is a different body."
                }
            )


def organisation_named(session: Session, typed: str) -> int | None:
    """The organisation a person named by its exact name, acronym or alias. A close
    spelling is not enough for a form to link records: it asks for the exact name."""
    match = OrganisationMatcher.from_database(session).match(typed)
    return match.id if match.found and match.kind is not MatchKind.fuzzy else None

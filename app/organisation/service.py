"""Creating and editing organisations, without creating duplicates."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.account.models import User
from app.concurrency import ensure_current
from app.errors import FormInvalid
from app.matching import MatchKind, OrganisationMatcher
from app.organisation.models import Organisation, OrganisationAlias
from app.organisation.schemas import OrganisationForm


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


def _parent(session: Session, form: OrganisationForm, org: Organisation | None) -> int | None:
    if not form.parent:
        return None
    match = OrganisationMatcher.from_database(session).match(form.parent)
    if not match.found or match.kind is MatchKind.fuzzy:
        raise FormInvalid({"parent": "Type the exact name, acronym or alias of an organisation."})
    if org is not None and match.id == org.id:
        raise FormInvalid({"parent": "An organisation cannot be its own parent."})
    return match.id


def save_organisation(
    session: Session, form: OrganisationForm, org: Organisation | None = None
) -> Organisation:
    if org is not None:
        ensure_current(session, org, form.version)
    check_duplicates(session, form.name, form.aliases, org, create_anyway=form.create_anyway)
    if form.owner_id is not None and session.get(User, form.owner_id) is None:
        raise FormInvalid({"owner_id": "Choose a member of staff from the list."})
    parent_id = _parent(session, form, org)
    if org is None:
        org = Organisation(aliases=[])
        session.add(org)
    org.name, org.acronym, org.kind = form.name, form.acronym, form.kind.value
    org.parent_id, org.province = parent_id, form.province.value if form.province else None
    org.city, org.website, org.description = form.city, form.website, form.description
    org.influence, org.interest = form.influence, form.interest
    org.stance, org.owner_id = form.stance.value if form.stance else None, form.owner_id
    existing = {a.alias: a for a in org.aliases}
    org.aliases = [existing.get(a) or OrganisationAlias(alias=a) for a in form.aliases]
    session.flush()
    return org

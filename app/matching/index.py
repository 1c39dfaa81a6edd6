"""The database as a matcher's source: every lookup is an index search on the stored keys
(app.matching.models), so a name costs the same few rows at 30,000 people as at 30.

Close spellings of an organisation's name are scored among those sharing a word's first
letters or sound (app.matching.keys.near_keys), and on PostgreSQL also among those
pg_trgm finds similar, when the database has that extension (the migration creates it
and its index if it can).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.contact.models import Contact
from app.matching.keys import GIVEN, NAME, NEAR, SURNAME, given_key, near_keys, sound_key
from app.matching.matchers import KIND_OF_KEY
from app.matching.models import contact_name_key, organisation_name_key
from app.organisation.models import Organisation

_RANK = {kind: rank for rank, kind in enumerate(KIND_OF_KEY)}
org_key, person_keys = organisation_name_key.c, contact_name_key.c
LIVE_ORGANISATION = Organisation.archived_at.is_(None)
LIVE_CONTACT = Contact.archived_at.is_(None) & Contact.erased.is_(False)


class OrganisationIndex:
    def __init__(self, session: Session) -> None:
        self.session = session
        self._trigrams: bool | None = None

    def known(self, key: str) -> tuple[str, int, str] | None:
        rows = self.session.execute(
            select(org_key.kind, Organisation.id, Organisation.name)
            .join(Organisation, Organisation.id == org_key.organisation_id)
            .where(org_key.kind.in_(list(KIND_OF_KEY)), org_key.key == key, LIVE_ORGANISATION)
        ).all()
        # Name before acronym before alias; among equals the newest, as a list would.
        best = min(rows, key=lambda r: (_RANK[r.kind], -r.id), default=None)
        return (best.kind, best.id, best.name) if best else None

    def near(self, key: str) -> list[tuple[int, str, str]]:
        shared = select(org_key.organisation_id).where(
            org_key.kind == NEAR, org_key.key.in_(sorted(near_keys(key)))
        )
        if self._has_trigrams():
            similar = select(org_key.organisation_id).where(
                org_key.kind == NAME, org_key.key.op("%")(key)
            )
            shared = shared.union(similar)  # type: ignore[assignment]
        # The stored name key is the normalised name: no need to work it out again.
        rows = self.session.execute(
            select(Organisation.id, Organisation.name, org_key.key)
            .join(organisation_name_key, org_key.organisation_id == Organisation.id)
            .where(org_key.kind == NAME, Organisation.id.in_(shared), LIVE_ORGANISATION)
            .order_by(Organisation.id)
        )
        return [(i, n, k) for i, n, k in rows]

    def _has_trigrams(self) -> bool:
        if self._trigrams is None:
            self._trigrams = self.session.get_bind().dialect.name == "postgresql" and bool(
                self.session.scalar(
                    text("SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'")
                )
            )
        return self._trigrams


class ContactIndex:
    def __init__(self, session: Session) -> None:
        self.session = session

    def exact(self, key: str) -> tuple[int, str] | None:
        row = self.session.execute(
            select(Contact.id, Contact.full_name)
            .join(contact_name_key, person_keys.contact_id == Contact.id)
            .where(person_keys.kind == NAME, person_keys.key == key, LIVE_CONTACT)
            .order_by(Contact.id.desc())
            .limit(1)
        ).first()
        return (row.id, row.full_name) if row else None

    def same_person(self, words: Sequence[str], limit: int) -> list[tuple[int, str]]:
        if len(words) == 1:
            which = (person_keys.kind == SURNAME) & (person_keys.key == sound_key(words[0]))
        else:
            keys = {given_key(words[-1], g) for g in words[:-1]} | {given_key(words[-1])}
            which = (person_keys.kind == GIVEN) & person_keys.key.in_(sorted(keys))
        people = select(person_keys.contact_id).where(which)
        rows = self.session.execute(
            select(Contact.id, Contact.full_name)
            .where(Contact.id.in_(people), LIVE_CONTACT)
            .order_by(Contact.id)
            .limit(limit)
        )
        return [(i, n) for i, n in rows]

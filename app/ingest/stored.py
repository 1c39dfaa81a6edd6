"""The gazetteer read from the database for one text: only the organisations and people
the text may name, found through the stored, indexed name keys (app.matching.models).

Reading every organisation and person instead (as ingest once did) cost about 7 s a
draft at `large` (5,000 organisations, 30,000 people): loading them, then matching each
name in the text. Here the text's runs of up to MAX_NAME_WORDS words, normalised as the
keys are, are looked up in a few indexed queries; any other name a rule asks about (a
ministry named from a minister's title, "Embassy of Japan" from an envoy's) is looked up
when asked. The rules see the same records, in the same order (by id), as before.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from sqlalchemy import ColumnElement, String, any_, bindparam, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql.elements import ColumnClause

from app.contact.models import Contact
from app.ingest.gazetteer import Gazetteer, KnownOrganisation, KnownPerson, KnownTopic, initials
from app.matching import HONORIFICS, normalise
from app.matching.keys import ACRONYM, ALIAS, NAME
from app.matching.models import contact_name_key, organisation_name_key
from app.organisation.models import Organisation
from app.topic.models import Topic

# Names, aliases and acronyms longer than this are not looked for in the text as a whole
# (none in the corpora has more than 8 words); a rule asking for one still finds it.
MAX_NAME_WORDS = 12
# People's names the text may hold: two words or more ("Amer Hashmi"), at most six.
PERSON_WORDS = range(2, 7)
BATCH = 500  # keys a query on SQLite (well under its limit on parameters)
ORG_KEY_KINDS = (NAME, ACRONYM, ALIAS)
LIVE_CONTACT = Contact.archived_at.is_(None) & Contact.erased.is_(False)
Key = TypeVar("Key", str, int)


def word_runs(words: list[str], lengths: Iterable[int]) -> set[str]:
    """Every run of consecutive words of these lengths, joined by spaces."""
    return {" ".join(words[i : i + n]) for n in lengths for i in range(len(words) - n + 1) if n > 0}


def _batches(items: Iterable[Key], size: int) -> Iterator[list[Key]]:
    ordered = sorted(items)
    for start in range(0, len(ordered), size):
        yield ordered[start : start + size]


@dataclass
class StoredGazetteer(Gazetteer):
    session: Session | None = None
    # Our organisation is not on record: it is made up, and comes after every stored one.
    home_is_new: bool = False
    _orgs: dict[int, KnownOrganisation] = field(default_factory=dict)
    _org_ids: dict[str, list[int]] = field(default_factory=dict)
    _people: dict[str, KnownPerson | None] = field(default_factory=dict)

    @classmethod
    def for_text(cls, session: Session, home_name: str, text: str) -> StoredGazetteer:
        words = normalise(text).split()
        found = cls(home=KnownOrganisation(home_name), session=session)
        found._load_organisations(word_runs(words, range(1, MAX_NAME_WORDS + 1)))
        found.organisations = [found._orgs[i] for i in sorted(found._orgs)]
        home = next(
            (
                o
                for o in found.organisations_named(home_name)
                if o.name.casefold() == home_name.casefold()
            ),
            None,
        )
        if home is None:
            home = KnownOrganisation(home_name, initials(home_name))
            found.home_is_new = True
            found.organisations.append(home)
        found.home = home
        named = [w for w in words if w not in HONORIFICS]  # as person_key leaves them
        found._load_people(word_runs(named, PERSON_WORDS))
        # Topics are a short list staff keep (a dozen), matched by keyword: all of them.
        found.topics = [
            KnownTopic(t.slug, t.name, tuple(t.keywords or ()))
            for t in session.scalars(
                select(Topic).where(Topic.archived_at.is_(None)).order_by(Topic.id)
            )
        ]
        return found

    @property
    def _on_postgres(self) -> bool:
        assert self.session is not None
        return self.session.get_bind().dialect.name == "postgresql"

    def _batches(self, keys: Iterable[str]) -> Iterator[list[str]]:
        # PostgreSQL takes all the keys as one array; thousands of separate parameters
        # cost more to send and parse than the index searches themselves.
        return _batches(keys, 1_000_000 if self._on_postgres else BATCH)

    def _among(self, column: ColumnClause[str], keys: list[str]) -> ColumnElement[bool]:
        if self._on_postgres:
            return column == any_(bindparam(None, keys, type_=ARRAY(String)))
        return column.in_(keys)

    def organisations_named(self, surface: str) -> list[KnownOrganisation]:
        """Those whose name, acronym or alias normalises as `surface` does: a superset
        of those the caller accepts (it compares acronyms more strictly)."""
        key = normalise(surface)
        if key not in self._org_ids:
            self._load_organisations([key])
        ids = sorted(i for i in self._org_ids[key] if i in self._orgs)
        return [self._orgs[i] for i in ids] + ([self.home] if self.home_is_new else [])

    def person(self, key: str) -> KnownPerson | None:
        if key not in self._people:
            self._load_people([key])
        return self._people[key]

    def _load_organisations(self, keys: Iterable[str]) -> None:
        assert self.session is not None
        keys = [k for k in keys if k not in self._org_ids]
        wanted: set[int] = set()
        for batch in self._batches(keys):
            for k in batch:
                self._org_ids[k] = []
            rows = self.session.execute(
                select(organisation_name_key.c.key, organisation_name_key.c.organisation_id).where(
                    organisation_name_key.c.kind.in_(ORG_KEY_KINDS),
                    self._among(organisation_name_key.c.key, batch),
                )
            )
            for k, org_id in rows:
                self._org_ids[k].append(org_id)
                wanted.add(org_id)
        for batch_ids in _batches(wanted - set(self._orgs), BATCH):
            stmt = (
                select(Organisation)
                .where(Organisation.id.in_(batch_ids), Organisation.archived_at.is_(None))
                .options(selectinload(Organisation.aliases))
            )
            for o in self.session.scalars(stmt):
                aliases = tuple(a.alias for a in o.aliases)
                self._orgs[o.id] = KnownOrganisation(o.name, o.acronym, aliases)

    def _load_people(self, keys: Iterable[str]) -> None:
        assert self.session is not None
        for batch in self._batches(k for k in keys if k not in self._people):
            for k in batch:
                self._people[k] = None
            rows = self.session.execute(
                select(contact_name_key.c.key, Contact.full_name, Contact.honorific)
                .join(Contact, Contact.id == contact_name_key.c.contact_id)
                .where(
                    contact_name_key.c.kind == NAME,
                    self._among(contact_name_key.c.key, batch),
                    LIVE_CONTACT,
                )
                .order_by(Contact.id)
            )
            for k, full_name, honorific in rows:
                self._people[k] = KnownPerson(full_name, honorific)  # the last one, as before

"""Matching typed names at scale: one lookup (a person and an organisation nobody has
typed before) and a meeting saved with such names, in process, each timed with the
stored, indexed keys ("after") and with every record loaded into memory first, as the
matchers did before the keys ("before", the same rules over a full list).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.db import make_engine
from app.matching import ContactEntry, ContactMatcher, OrganisationEntry, OrganisationMatcher

UNKNOWN_PERSON = "Dr. Zarghuna Khattak"
UNKNOWN_ORGANISATION = "Margalla Fintech Collective"
TIMES = 7


def _every_organisation(cls: type[OrganisationMatcher], session: Session) -> OrganisationMatcher:
    from app.organisation.models import Organisation

    stmt = (
        select(Organisation)
        .where(Organisation.archived_at.is_(None))
        .options(selectinload(Organisation.aliases))
    )
    return cls(
        OrganisationEntry(o.id, o.name, o.acronym, tuple(a.alias for a in o.aliases))
        for o in session.scalars(stmt)
    )


def _every_contact(cls: type[ContactMatcher], session: Session) -> ContactMatcher:
    from app.contact.models import Contact

    stmt = select(Contact.id, Contact.full_name).where(
        Contact.archived_at.is_(None), Contact.erased.is_(False)
    )
    return cls(ContactEntry(i, n) for i, n in session.execute(stmt))


@contextmanager
def full_lists() -> Iterator[None]:
    """The matchers as they were: every organisation and person read for each form."""
    saved = OrganisationMatcher.__dict__["from_database"], ContactMatcher.__dict__["from_database"]
    OrganisationMatcher.from_database = classmethod(_every_organisation)  # type: ignore[method-assign,assignment]
    ContactMatcher.from_database = classmethod(_every_contact)  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        OrganisationMatcher.from_database, ContactMatcher.from_database = saved  # type: ignore[method-assign]


def _lookup(session: Session) -> None:
    ContactMatcher.from_database(session).match(UNKNOWN_PERSON)
    OrganisationMatcher.from_database(session).match(UNKNOWN_ORGANISATION)


def _meeting_save(session: Session) -> None:
    from app.meeting.form import read_state
    from app.meeting.form_save import save_form

    form = {
        "title": "Bench: a meeting with people nobody has typed before",
        "date": date.today().isoformat(),
        "kind": "working_meeting",
        "status": "held",
        "participants_rows": "3",
        "participants-0-organisation": UNKNOWN_ORGANISATION,
        "participants-0-organisation_kind": "company",
        "participants-0-contact": UNKNOWN_PERSON,
        "participants-0-title": "Chief Executive",
        "participants-1-organisation": UNKNOWN_ORGANISATION,
        "participants-1-contact": "Engr. Shahzaib Gandapur",
        "participants-2-organisation": UNKNOWN_ORGANISATION,
        "participants-2-contact": "Ms Mahjabeen Lashari",
    }
    save_form(session, read_state(form, []))


def _median_ms(url: str, work: Callable[[Session], None]) -> float:
    engine = make_engine(url)
    spent = []
    try:
        for _ in range(TIMES):
            with Session(engine) as session:
                started = time.perf_counter()
                work(session)
                session.flush()
                spent.append((time.perf_counter() - started) * 1000)
                session.rollback()  # the next run finds the same names unknown again
    finally:
        engine.dispose()
    return round(statistics.median(spent), 1)


def measure_matching(url: str) -> dict[str, Any]:
    """Median milliseconds of a lookup and of a meeting save, before and after."""
    figures: dict[str, Any] = {}
    for label, how in (("before", full_lists), ("after", nullcontext)):
        with how():
            figures[label] = {
                "lookup_ms": _median_ms(url, _lookup),
                "meeting_save_ms": _median_ms(url, _meeting_save),
            }
    return figures

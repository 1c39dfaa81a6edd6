"""A separate process that writes organisations one transaction at a time, as a busy
member of staff would. Used by test_concurrent_writes."""

from __future__ import annotations

import sys

import app.models  # noqa: F401
from app.db import declare_write_intent, make_engine, make_session_factory
from app.organisation.models import Organisation


def main(url: str, prefix: str, count: int) -> None:
    engine = make_engine(url)
    factory = make_session_factory(engine)
    for n in range(count):
        with factory() as session:
            declare_write_intent(session)
            org = Organisation(name=f"{prefix} {n}", kind="company")
            session.add(org)
            session.flush()
            org.city = "Karachi"  # a read-modify-write inside the same transaction
            session.commit()
    engine.dispose()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))

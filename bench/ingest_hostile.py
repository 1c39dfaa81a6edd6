"""Time drafting from hostile or long texts (issue 17 finding 3). Not a test: timings vary
with the machine; the tests assert the limits and patterns that bound them.

    python -m bench.ingest_hostile
"""

from __future__ import annotations

import time

from app.ingest.extract import extract
from app.ingest.gazetteer import Gazetteer
from app.ingest.reading import MAX_CHARACTERS

SENTENCE = (
    "Amer Hashmi, Chairman of the Special Technology Zones Authority (STZA), met Ali Khan, "
    "Chief Executive Officer of Rapidev, on Wednesday and both sides agreed to work together. "
)
CASES = {
    "50,000 × 'A'": "A" * 50_000,
    "one long capitalised token": "Chairman " + "A" * (MAX_CHARACTERS - 20),
    "capitalised words": ("Authority Board " * (MAX_CHARACTERS // 16))[:MAX_CHARACTERS],
    "names without stops": ("Ali Khan, Chairman STZA and " * 4000)[:MAX_CHARACTERS],
    "a long release": (SENTENCE * 600)[:MAX_CHARACTERS],
    "acronyms in brackets": ("Zone Authority (ZA) " * 6000)[:MAX_CHARACTERS],
    "dashes": ("STZA – Zone Authority " * 5000)[:MAX_CHARACTERS],
    "comma lists of names": ("Ali Khan, " * 10_000)[:MAX_CHARACTERS],
    "capitals and commas": ("A B C D E F, " * 8_000)[:MAX_CHARACTERS] + " Vice Presidents of X",
    "representatives including": (
        "representatives of the Asian Development Bank including " + "Ali Khan, " * 10_000
    )[:MAX_CHARACTERS],
}


def main() -> None:
    gazetteer = Gazetteer.empty("Special Technology Zones Authority")
    for name, text in CASES.items():
        started = time.perf_counter()
        draft = extract(text, gazetteer)
        took = time.perf_counter() - started
        print(
            f"{name:30} {len(text):>7,} chars  {took:6.2f} s  "
            f"{len(draft.people)} people, {len(draft.organisations)} orgs"
        )


if __name__ == "__main__":
    main()

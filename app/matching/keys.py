"""The keys a name is found by: one normalised form per name, acronym and alias, and the
short keys that narrow a close-spelling search to a few rows.

Pure functions of the text (no database, no models), so that the migration that fills
the stored keys computes exactly what the app computes on every write (app.matching.upkeep)
and on every lookup (app.matching.matchers). A change to any of them changes what is
stored: it needs a migration that calls `refresh_all` again.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

HONORIFICS = {"dr", "mr", "mrs", "ms", "miss", "engr", "prof", "professor", "syed", "sir", "hon"}
ORGANISATION_STOPWORDS = {"the", "of", "for", "and", "&", "pakistan"}


def normalise(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form: "P@SHA" → "pasha"."""
    text = unicodedata.normalize("NFKD", text).casefold()
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("&", " and ").replace("@", "a")
    text = re.sub(r"[^\w\s]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def person_key(name: str) -> str:
    words = [w for w in normalise(name).split() if w not in HONORIFICS]
    return " ".join(words)


def sound_key(word: str) -> str:
    """A transliteration-blind form of a name: "Amir", "Amer" and "Ameer" → "amr";
    "Muhammad", "Mohammad", "Mohammed" → "mhmd"; "Hashmi"/"Hashmy" → "hshm"."""
    word = word.lower().replace("ph", "f").replace("w", "v").replace("q", "k")
    head, rest = word[:1], re.sub(r"[aeiouy]", "", word[1:])
    return re.sub(r"(.)\1+", r"\1", head + rest)


# Kinds of stored key, one short code each (the tables' `kind` column).
NAME, ACRONYM, ALIAS, NEAR = "name", "acronym", "alias", "near"
SURNAME, GIVEN = "surname", "given"


def near_keys(key: str) -> set[str]:
    """Keys shared by an organisation's name and a close spelling of it: each word's first
    three letters and its sound key ("Sofware" and "Software" share "sof"; "Psha" and
    "Pasha" share "~psh"). Words every other name has ("of", "Pakistan") are left out:
    sharing only those never makes a match (see `_only_generic_words_shared`)."""
    words = [w for w in key.split() if w not in ORGANISATION_STOPWORDS]
    return {w[:3] for w in words} | {"~" + sound_key(w) for w in words}


def organisation_keys(
    name: str, acronym: str | None, aliases: Iterable[str]
) -> set[tuple[str, str]]:
    """(kind, key) pairs stored for one organisation."""
    key = normalise(name)
    keys = {(NAME, key), *((NEAR, k) for k in near_keys(key))}
    keys.add((ACRONYM, normalise(acronym or "")))
    keys.update((ALIAS, normalise(a)) for a in aliases)
    return {(kind, k) for kind, k in keys if k}


def given_key(surname: str, given: str = "") -> str:
    return f"{sound_key(surname)}/{sound_key(given) if given else ''}"


def contact_keys(full_name: str) -> set[tuple[str, str]]:
    """(kind, key) pairs stored for one person: the name without honorifics, the sound of
    the surname, and the surname with each given name (or alone, for a one-word name),
    which is exactly what `_same_person` compares."""
    key = person_key(full_name)
    words = key.split()
    if not words:
        return set()
    givens = [given_key(words[-1], g) for g in words[:-1]] or [given_key(words[-1])]
    return {(NAME, key), (SURNAME, sound_key(words[-1])), *((GIVEN, g) for g in givens)}

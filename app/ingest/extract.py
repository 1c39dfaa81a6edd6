"""Reading a press release or minutes into a draft meeting, with rules and gazetteers.

The pipeline, in order: clean the text and find its sentences; find organisations (known
names, "Full Name (ACR)", "ACR – Full Name", capitalised phrases with an organisational
word, lists after "organisations such as"); find people (a name next to a title, or with
an honorific, or already known) with their title and organisation; then who led, who
presented what, what was pledged by whom to whom, the date, the place, the kind of meeting
and its topics. Every proposal keeps the sentence it came from.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, TypeVar

from rapidfuzz import fuzz

from app.ingest import dates
from app.ingest import lexicon as lx
from app.ingest.draft import (
    Draft,
    DraftOrganisation,
    DraftPerson,
    DraftPledge,
    DraftPresentation,
)
from app.ingest.gazetteer import Gazetteer, KnownOrganisation, initials
from app.matching import normalise, person_key, sound_key

# Patterns here run in linear time on any text: a capitalised word starts only where no
# word character stands before it and is matched possessively (no backtracking into it),
# and a run of capitalised words is at most RUN_WORDS long, so a 50,000-letter token or a
# page of capitalised words costs one pass, not one pass per letter.
CAP = r"(?<![\w@&’'\-])[A-Z][\w@&’'\-]*+"
CONNECTOR = r"(?:of|and|for|the|&|–|-)"
RUN_WORDS = 14
TITLE_WINDOW = 240  # a title is looked for this many characters either side of a name
RUN = re.compile(rf"{CAP}(?: +(?:{CONNECTOR} +){{0,3}}{CAP}){{0,{RUN_WORDS}}}")
NAME_TOKEN = r"[A-Z][a-z’']+(?:-[A-Za-z][a-z]+){0,3}"
HONORIFIC_RE = (
    r"(?:Prof\.?\s+Dr\.?|Dr\.?|Mr\.?|Ms\.?|Mrs\.?|Miss|Prof\.?|Engr\.?|Engnr\.?|Engineer"
    r"|Barrister|H\.\s?E\.)"
)
# "bin", "bint", "ibn" join the parts of an Arabic name ("Nawaf bin Said Al-Malki").
NAME_PARTICLE = r"(?:(?:bin|bint|ibn)\s+)?"
PERSON_RE = re.compile(
    rf"(?:(?P<hon>{HONORIFIC_RE})\s+)?"
    rf"(?P<name>(?:[A-Z]\.\s?){{0,3}}{NAME_TOKEN}(?:\s+{NAME_PARTICLE}{NAME_TOKEN}){{0,7}})"
)
TITLE_ALTERNATION = "|".join(re.escape(t) for t in lx.TITLE_HEADS)
TITLE_HEAD_RE = re.compile(rf"\b(?:{TITLE_ALTERNATION})\b")
ACRONYM_RE = re.compile(r"\b[A-Z][A-Z@&]{1,8}s?\b")
ABBREVIATIONS = re.compile(
    r"\b(Dr|Mr|Ms|Mrs|Prof|Engr|Lt|Gen|Col|Brig|No|St|Retd|Pvt|Ltd|Co|(?<![\w.])[A-Z])\."
)
PROMOTION = re.compile(
    r"^\s*(?:Follow|Subscribe|Join)\b.*\b(?:Channel|WhatsApp|newsletter|updates)\b", re.I
)
CLAUSE_SPLIT = re.compile(
    r";\s+|\s+and\s+(?:also\s+)?(?=(?:expressed|pledged|assured|agreed|committed|promised|vowed|offered)\b)"
)
PLURAL_SUBJECT = re.compile(
    r"^\s*(?:Representatives|They|These bodies|The bodies|The organi[sz]ations|All of them"
    r"|Participants)\b"
)
GENERIC_SUBJECT = re.compile(r"\b(?:government|leadership|side|delegation|administration)\b", re.I)
PRONOUN_SUBJECT = re.compile(r"^\s*(?:He|She)\b")
LIST_CONTEXT = re.compile(
    r"\b(?:organi[sz]ations|bodies|companies|institutions|stakeholders|participants)\s+"
    r"(?:such as|including|like|namely)\s+(?P<items>[^.;]+)"
)
LED_BY = re.compile(r"\b(?:led|headed|chaired) by\s+")
PRESENTED = re.compile(
    r"\b(?:presented|gave a presentation on|made a presentation on|briefed(?: \w+)? (?:about|on)|"
    r"explained(?: how)?)\s+(?:the |a |an )?(?P<what>[^,.;]+)"
)


@dataclass
class Sentence:
    start: int
    end: int
    text: str


@dataclass
class OrgMention:
    start: int
    end: int
    org: DraftOrganisation


@dataclass
class PersonMention:
    start: int
    end: int
    person: DraftPerson


Mention = OrgMention | PersonMention
M = TypeVar("M", OrgMention, PersonMention)


@dataclass
class _State:
    text: str
    sentences: list[Sentence]
    gazetteer: Gazetteer
    orgs: dict[str, DraftOrganisation] = field(default_factory=dict)  # normalised name → org
    org_mentions: list[OrgMention] = field(default_factory=list)
    people: dict[str, DraftPerson] = field(default_factory=dict)  # person key → person
    person_mentions: list[PersonMention] = field(default_factory=list)
    lists: list[tuple[int, list[DraftOrganisation]]] = field(default_factory=list)

    def sentence_at(self, pos: int) -> Sentence:
        i = bisect.bisect_right(self.sentences, pos, key=lambda s: s.start) - 1
        if i >= 0 and pos < self.sentences[i].end:
            return self.sentences[i]
        return next((s for s in self.sentences if s.start <= pos < s.end), self.sentences[-1])


# ---- text -------------------------------------------------------------------------


def clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\u00a0", " ").replace("“", '"').replace("”", '"')
    kept = [line for line in text.split("\n") if not PROMOTION.search(line)]
    return "\n".join(re.sub(r"[ \t]+", " ", line).strip() for line in kept).strip()


def sentences(text: str) -> list[Sentence]:
    protected = ABBREVIATIONS.sub(lambda m: m.group(1) + "\x01", text)
    found, start = [], 0
    for m in re.finditer(r"(?<=[.!?])\s+(?=[A-Z\"'(-])|\n+", protected):
        if m.start() > start:
            found.append(Sentence(start, m.start(), text[start : m.start()]))
        start = m.end()
    if start < len(text):
        found.append(Sentence(start, len(text), text[start:]))
    return [s for s in found if s.text.strip()] or [Sentence(0, len(text), text)]


# ---- organisations ----------------------------------------------------------------


def _strip_leading(run: str) -> str:
    run = re.sub(r"^(?:The|A|An|This|These)\s+", "", run)
    title = TITLE_HEAD_RE.match(run)
    while title:
        run = run[title.end() :]
        run = re.sub(r"^\s*(?:of|for|at)?\s*(?:the\s+)?", "", run)
        title = TITLE_HEAD_RE.match(run)
    return run.strip(" ,–-")


def _has_designator(phrase: str) -> bool:
    words = set(re.findall(r"[A-Za-z]+", phrase))
    return any(d in words for d in lx.DESIGNATORS)


NOT_BODIES = {
    "Memorandum", "Understanding", "Agreement", "Act", "Bill", "Policy", "Strategy", "Plan",
    "Zone", "Zones", "Park", "Programme", "Facility", "Conference", "Summit", "Expo", "Forum",
    "Investment", "Investments", "Direct", "Economic", "Enterprises", "Services",
    "Partnership", "Centre", "Centres", "Center", "Centers", "City", "Estate", "Technopolis",
    "Baltistan", "Kashmir", "Pakhtunkhwa", "Initiative", "Initiatives",
}  # fmt: skip


def _spells(run: str, acronym: str) -> bool:
    """ "National Electronics Complex of Pakistan (NECOP)": a name of two or more words
    whose initials spell its bracketed abbreviation is a body even without an
    organisational word."""
    words = run.split()
    if set(words) & NOT_BODIES:
        return False
    if len(words) < 2 or not all(
        w[0].isupper() or w in {"of", "and", "for", "the", "&"} for w in words
    ):
        return False
    target = re.sub(r"[^A-Z]", "", acronym.upper())
    return target in _acronyms_of(run) and not _is_place(run)


def _best_suffix_for(run: str, acronym: str) -> str:
    """The end of `run` whose initials best spell `acronym` ("… and the Punjab IT Board")."""
    words = run.split()
    target = re.sub(r"[^A-Z]", "", acronym.upper().replace("@", "A"))
    best, best_score = run, -1.0
    for i in range(len(words)):
        candidate = " ".join(words[i:])
        if words[i].lower() in {"of", "and", "for", "the", "&"}:
            continue
        score = fuzz.ratio(initials(candidate), target)
        if score > best_score or (score == best_score and len(candidate) > len(best)):
            best, best_score = candidate, score
    return best if best_score >= 60 else run


def _add_org(
    state: _State, name: str, acronym: str | None, sentence: str, *, inferred: bool = False
) -> DraftOrganisation:
    name = re.sub(r"^(?:[’']s\s+|[\w-]+-based\s+)", "", name.strip(" ,.;:–-"))
    known = _known_org(state.gazetteer, name) or (acronym and _known_org(state.gazetteer, acronym))
    if known:  # the text's own abbreviation ("KP-EZDMC") is the one to find mentions by
        name, acronym = known.name, acronym or known.acronym
    key = normalise(name)
    for org in state.orgs.values():
        if len(key.split()) >= 2 and normalise(org.name).endswith(" " + key):
            return org  # "Solar Association" after "Pakistan Solar Association"
        if normalise(org.name) == key or (acronym and org.acronym == acronym):
            if acronym and (not org.acronym or org.acronym not in state.text):
                org.acronym = acronym  # the text's own, not one made from initials
            return org
    org = DraftOrganisation(
        name=name, acronym=acronym, sentence=sentence.strip(), inferred=inferred
    )
    if _is_home(state.gazetteer.home, name, acronym):
        org.side = "ours"
    state.orgs[key] = org
    return org


def _is_home(home: KnownOrganisation, name: str, acronym: str | None) -> bool:
    """Our own organisation under any of its names: as stored, by an acronym of either
    name ("NUST", "KP-EZDMC"), or a ministry by its portfolio ("commerce ministry" is the
    Ministry of Commerce; "Ministry of IT and Telecom" the Ministry of Information
    Technology and Telecommunication)."""
    if normalise(name) == normalise(home.name):
        return True
    ours = {a.replace("-", "").upper() for a in (home.acronym, *home.aliases) if a}
    ours |= _acronyms_of(home.name)
    theirs = {a.replace("-", "").upper() for a in (acronym, name) if a} | _acronyms_of(name)
    if home.name.replace("-", "").upper() in theirs or name.replace("-", "").upper() in ours:
        return True
    if acronym and acronym.replace("-", "").upper() in ours and len(acronym) >= 3:
        return True
    home_words, words = set(normalise(home.name).split()), set(normalise(name).split())
    if "ministry" in home_words and "ministry" in words:
        return _portfolio_words(home.name) == _portfolio_words(name) != set()
    return False


def _known_org(gazetteer: Gazetteer, surface: str) -> KnownOrganisation | None:
    wanted = normalise(surface)
    for org in gazetteer.organisations:
        if wanted in {normalise(org.name), *(normalise(a) for a in org.aliases)}:
            return org
        if (
            org.acronym
            and surface.replace("@", "A").upper() == org.acronym.replace("@", "A").upper()
        ):
            return org
    return None


def find_organisations(state: _State) -> None:
    text = state.text
    # Known organisations first: names, aliases and acronyms the database already holds.
    for known in state.gazetteer.organisations:
        for surface in (known.name, *known.aliases):
            for m in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text, re.I):
                _add_org(state, known.name, known.acronym, state.sentence_at(m.start()).text)
        if known.acronym:
            for m in re.finditer(rf"(?<![\w@]){re.escape(known.acronym)}(?![\w@])", text):
                _add_org(state, known.name, known.acronym, state.sentence_at(m.start()).text)
    # "Full Name (ACR)"
    acronym_re = r"[A-Z][A-Za-z@&]{1,9}(?:-[A-Z][A-Za-z]{1,9})?"
    for m in re.finditer(rf"({RUN.pattern})\s*\((?P<acr>{acronym_re})\)", text):
        run, acronym = _strip_leading(m.group(1)), m.group("acr")
        run = _best_suffix_for(run, acronym)
        if _has_designator(run) or _known_org(state.gazetteer, run) or _spells(run, acronym):
            _add_org(state, run, acronym, state.sentence_at(m.start()).text)
    # "ACR – Full Name" and "Brand – Full Name"
    for m in re.finditer(rf"\b(?P<left>{CAP})\s+[–-]\s+(?P<right>{RUN.pattern})", text):
        left, right = m.group("left"), _strip_leading(m.group("right"))
        if not _has_designator(right):
            continue
        sentence = state.sentence_at(m.start()).text
        if ACRONYM_RE.fullmatch(left):
            _add_org(state, right, left, sentence)
        else:
            _add_org(state, f"{left} – {right}", None, sentence)
    # Capitalised phrases with an organisational word
    for m in RUN.finditer(text):
        run = _without_trailing_name(_strip_leading(_after_last_title(m.group(0))))
        if not _has_designator(run) or _inside_known(state, run):
            continue
        if " – " in run and any(_org_for_surface(state, side) for side in run.split(" – ")):
            continue
        if _org_for_surface(state, run):
            continue
        for part in _split_known(state, run):
            if _has_designator(part) and len(part.split()) >= 2:
                _add_org(state, part, None, state.sentence_at(m.start()).text)
    # "a delegation of GSMA Asia Pacific": the body a delegation comes from.
    for m in DELEGATION_OF.finditer(text):
        run = _without_trailing_name(_strip_leading(m.group("run")))
        words = run.split()
        if _org_for_surface(state, run) or _is_place(run) or not words:
            continue
        if len(words) >= 2 or ACRONYM_RE.fullmatch(run):
            _add_org(state, run, None, state.sentence_at(m.start()).text)
    # "the KP government", "Punjab Government": a province's government.
    for m in PROVINCE_GOVERNMENT.finditer(text):
        _provincial_government(state, m.group("p"), state.sentence_at(m.start()).text)
    # Lists: "organisations such as A, B (B), C – D, and E"
    for m in LIST_CONTEXT.finditer(text):
        members = []
        for item in re.split(r",\s*(?:and\s+)?|\s+and\s+", m.group("items")):
            item = re.sub(r"\s*\([^)]*\)", "", item).strip()
            item = re.split(r"\s(?!of\b|for\b|the\b|and\b)[a-z]", item)[0].strip()
            if not item or not item[0].isupper():
                continue
            existing = _org_for_surface(state, item)
            members.append(
                existing or _add_org(state, item, None, state.sentence_at(m.start()).text)
            )
        state.lists.append((m.start(), members))
    _index_org_mentions(state)


def _after_last_title(run: str) -> str:
    """ "Mian Nasser Hyatt Maggo and Vice Chancellor of Iqra University" → "Iqra University":
    a title inside a capitalised run ends whatever came before it."""
    heads = [h for h in TITLE_HEAD_RE.finditer(run) if h.start() > 0]
    if not heads:
        return run
    rest = re.sub(r"^\s*(?:of|for|at)?\s*(?:the\s+)?", "", run[heads[-1].end() :])
    return rest if rest.strip() else run


def _inside_known(state: _State, run: str) -> bool:
    """Venue phrases such as "KPITB Office" are a known organisation, not a new one."""
    words = run.split()
    return (
        len(words) == 2
        and words[1] in {"Office", "Offices", "Secretariat", "House", "Headquarters"}
        and _org_for_surface(state, words[0]) is not None
    )


def _name_like(word: str) -> bool:
    return (
        bool(re.fullmatch(r"[A-Z][a-z’']+(?:-[A-Za-z][a-z]+)*", word))
        and word.lower() not in lx.NOT_NAME_WORDS
        and word not in lx.PORTFOLIO_WORDS
        and word not in lx.DESIGNATORS
    )


def _without_trailing_name(run: str) -> str:
    """ "Board of Investment Zubair Gilani" → "Board of Investment": two or more name-like
    words after an organisation's last organisational word belong to the person named
    next, as do a trailing "and" or honorific."""
    words = run.split()
    end = len(words)
    while end and _name_like(words[end - 1]):
        end -= 1
    if len(words) - end >= 2 and end and _has_designator(" ".join(words[:end])):
        words = words[:end]
    while words and (
        words[-1] in {"and", "of", "for", "the", "&"}
        or (words[-1].rstrip(".").lower() in {"dr", "mr", "ms", "mrs", "prof", "engr"})
    ):
        words.pop()
    return " ".join(words) if words else run


def _split_known(state: _State, run: str) -> list[str]:
    """ "X and the Y": two organisations when either side is one on its own."""
    parts = re.split(r"\s+and\s+(?:the\s+)?", run)
    for i in range(1, len(parts)):
        left, right = " and ".join(parts[:i]), " and ".join(parts[i:])
        known_left = _org_for_surface(state, left) or _known_org(state.gazetteer, left)
        known_right = _org_for_surface(state, right) or _known_org(state.gazetteer, right)
        if known_left or known_right:
            return [p for p, known in ((left, known_left), (right, known_right)) if not known]
    return [run]


def _org_for_surface(state: _State, surface: str) -> DraftOrganisation | None:
    surface = surface.strip()
    if " – " in surface:
        left, right = surface.split(" – ", 1)
        return _org_for_surface(state, right) or (
            _org_for_surface(state, left) if ACRONYM_RE.fullmatch(left) else None
        )
    wanted = normalise(surface)
    for org in state.orgs.values():
        if wanted == normalise(org.name) or (org.acronym and surface == org.acronym):
            return org
        if org.name.startswith(surface + " of ") or org.name.startswith(surface + " –"):
            return org
        right = org.name.split(" – ")[0]
        if " – " in org.name and wanted == normalise(right):
            return org
    return None


def _index_org_mentions(state: _State) -> None:
    mentions = []
    for org in state.orgs.values():
        surfaces = {org.name, *([org.acronym] if org.acronym else [])}
        if " – " in org.name:
            surfaces.add(org.name.split(" – ")[0])
        known = _known_org(state.gazetteer, org.name)
        if known:
            surfaces.update(known.aliases)
        for surface in surfaces:
            flags = 0 if surface == org.acronym else re.I
            for m in re.finditer(rf"(?<![\w@]){re.escape(surface)}(?![\w@])", state.text, flags):
                mentions.append(OrgMention(m.start(), m.end(), org))
    # Longest first wins where mentions overlap.
    mentions.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[OrgMention] = []
    for mention in mentions:
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    state.org_mentions = kept


def _orgs_in(state: _State, start: int, end: int) -> list[OrgMention]:
    return [m for m in _starting_in(state.org_mentions, start, end) if m.end <= end]


def _starting_in(mentions: list[M], start: int, end: int) -> list[M]:
    """The mentions (sorted by start) that start in [start, end), found by bisection."""
    lo = bisect.bisect_left(mentions, start, key=lambda m: m.start)
    hi = bisect.bisect_left(mentions, end, key=lambda m: m.start)
    return mentions[lo:hi]


# ---- people -------------------------------------------------------------------------


LEGISLATURES = {"Assembly", "Senate"}
# "Licensing Operations", "Industrial Collaboration", "Business Development": words built
# with these endings are not parts of names (long enough to spare Clement, Fleming, Manning).
COMMON_NOUN = re.compile(
    r"[A-Z][a-z]*(?:tions?|sions?|ships?|isms?|ities|ogy|ics)"
    r"|[A-Z][a-z]{5,}(?:ments?|ings?|ness|ity|ial|ive|ory|ary)"
)


def _not_a_name_word(token: str) -> bool:
    """ "Deputy Commissioner Abbottabad Khalid Iqbal", "Member of the National Assembly Ali
    Asghar Khan": the place or body word ending a title is not the first of the name."""
    return (
        token in lx.CITIES
        or token in PROVINCES
        or token in LEGISLATURES
        or bool(COMMON_NOUN.fullmatch(token))
    )


def _clean_name(name: str) -> list[str]:
    """Split a capitalised run into name tokens, dropping titles and place words."""
    tokens = name.split()
    groups: list[list[str]] = [[]]
    for token in tokens:
        if (
            re.sub(r"[’']s$", "", token.lower()) in lx.NOT_NAME_WORDS
            or TITLE_HEAD_RE.fullmatch(token)
            or _not_a_name_word(token)
        ):
            groups.append([])
        else:
            groups[-1].append(token)
    return max(groups, key=len)


PORTFOLIO_ALTERNATION = "|".join(lx.PORTFOLIO_WORDS)
TITLE_STOP = re.compile(
    r";|\.\s|\.$|,(?!\s+[A-Z][A-Z@&]{1,8}(?![\w@&])|\s+(?:at|of)\s+(?:the\s+)?[A-Z]"
    rf"|\s+(?:{PORTFOLIO_ALTERNATION})\b)"
    rf"|\s+and\s+(?!(?:the\s+)?(?:{PORTFOLIO_ALTERNATION}|{TITLE_ALTERNATION})\b)"
    r"|&\s+(?=(?:Mr|Ms|Dr|Prof|Engr)\b)"
    r"|\((?![A-Z][A-Za-z]{1,11}\))"
    r"|\s(?!of\b|for\b|to\b|the\b|on\b|at\b|and\b|in\b)[a-z][a-z]+\b|\s\d"
)
# "Name, Acting President, Body": a title as introduced keeps the word that qualifies it.
TITLE_MODIFIED = re.compile(
    rf"(?:(?:Acting|Former|former|Interim|Caretaker|Honorary|Outgoing|outgoing)\s+)*"
    rf"(?:{TITLE_ALTERNATION})\b"
)
TITLE_ANY_CASE = re.compile(TITLE_MODIFIED.pattern, re.I)
BRACKETED_ABBREVIATION = re.compile(r"\s*\([A-Z][A-Za-z]{1,11}\)")
TRAILING_HONORIFIC = re.compile(rf"(?:\s+{HONORIFIC_RE}|\s+H\.\s?E\.?)+$")


def _title_after(state: _State, end: int, sentence: Sentence) -> tuple[str, int] | None:
    rest = state.text[end : min(sentence.end, end + TITLE_WINDOW)]
    m = re.match(r"^,?\s*\(?(?:the\s+|is\s+the\s+)?", rest)
    assert m is not None  # every part of the pattern is optional: it always matches
    body = rest[m.end() :]
    head = TITLE_MODIFIED.match(body)
    if not head and rest.startswith(","):
        # "Jean White, head of policy, …": set off by commas, a title may be in lower case.
        head = TITLE_ANY_CASE.match(body)
    if not head:
        return None
    stop = TITLE_STOP.search(body, head.end())
    chunk = body[: stop.start()] if stop else body
    chunk = re.sub(r"(?:,|\s+(?:of|for|to|the|on|at|and|in))+\s*$", "", chunk.strip())
    return chunk, end + m.end() + len(chunk)


def _title_before(state: _State, start: int, sentence: Sentence) -> tuple[str, int] | None:
    """The title standing just before a name ("Chairman STZA, Name", "Federal Minister for
    IT and Telecommunication Name"), with where its head starts."""
    offset = max(sentence.start, start - TITLE_WINDOW)
    before = state.text[offset:start]
    before = re.sub(
        r"(?:Lt|Maj|Brig|Gen|Col|Capt)\.?\s*(?:Gen\.?\s*)?(?:\((?:Retd|R|retd)\)\s*)?$",
        "",
        before.rstrip(),
    )
    heads = list(TITLE_HEAD_RE.finditer(before))
    for head in reversed(heads):
        chunk = before[head.start() :].strip().rstrip(",")
        between = chunk[len(head.group(0)) :]
        # Between the title and the name only title words may stand.
        if re.search(
            r"(?<![A-Z-])\b(?!of\b|for\b|to\b|the\b|on\b|at\b|and\b|in\b)[a-z]+\b(?!-)",
            between,
        ) or re.search(
            rf",\s+and$|\band$|,\s+and\s|[;:]|,(?!\s+(?:{PORTFOLIO_ALTERNATION})\b)(?=.)",
            chunk.rstrip(", "),
        ):
            return None
        modifier = re.search(
            r"(?:(?:Honorable|Honourable|Federal|Provincial|Senior|Acting)\s+)+$",
            before[: head.start()],
        )
        if modifier and "Federal" in modifier.group(0):
            chunk = "Federal " + chunk
        chunk = TRAILING_HONORIFIC.sub("", chunk).strip(" ,")
        return chunk, offset + head.start()
    return None


def _org_before(state: _State, position: int, sentence: Sentence) -> DraftOrganisation | None:
    """ "STZA Chairman Name", "The … Authority (STZA) Chairman, Name": the organisation
    named just before a title."""
    for mention in reversed(_starting_in(state.org_mentions, sentence.start, position)):
        gap = state.text[mention.end : position]
        if re.fullmatch(r"\)?(?:\s*\([^()]{1,12}\))?[\s’']*(?:s\s*)?", gap):
            return mention.org
        break
    word = re.search(r"(?<![\w@])(?P<w>[A-Z][\w@&]{2,})\s+$", state.text[sentence.start : position])
    if word:
        return _org_like(state, word.group("w"))
    return None


def _org_after_title(state: _State, position: int) -> DraftOrganisation | None:
    """ "Name, Acting President, Lahore Chamber of Commerce": the body named right after a
    person's title, set off by a comma."""
    gap = re.match(r",\s*(?:the\s+)?", state.text[position : position + 8])
    if not gap:
        return None
    start = position + gap.end()
    found = _starting_in(state.org_mentions, start, start + 1)
    return found[0].org if found else None


def _its(state: _State, position: int, sentence: Sentence) -> DraftOrganisation | None:
    """ "a delegation of FPCCI led by its President Name": "its" is the body named last
    before it in the sentence."""
    if not re.search(r"\b(?:its|their)\s+$", state.text[sentence.start : position]):
        return None
    mentions = _starting_in(state.org_mentions, sentence.start, position)
    return mentions[-1].org if mentions else None


def _org_like(state: _State, surface: str) -> DraftOrganisation | None:
    """A draft organisation a word stands for, spelt as written or misspelt ("PFCCI" for
    FPCCI, "Rapidec" for Rapidev): same letters or one letter off, never a short word."""
    if surface.upper() in lx.NOT_ORG_ACRONYMS or len(surface) < 3:
        return None
    for org in state.orgs.values():
        names = (org.acronym, org.name.split()[0], *_acronyms_of(org.name))
        for candidate in filter(None, names):
            if candidate.upper() == surface.upper():
                return org
            if len(surface) >= 5 and (
                sorted(candidate.upper()) == sorted(surface.upper())
                or fuzz.ratio(candidate.upper(), surface.upper()) >= 85
            ):
                return org
    return None


def _acronyms_of(name: str) -> set[str]:
    """The ways an organisation's name is abbreviated: "Ministry of IT and Telecommunication"
    → MIT, MOIT, MITT, MOITT …; a word in capitals is kept whole."""
    words = [w for w in re.split(r"[\s–-]+", name) if w]
    found = set()
    for keep in ((), ("of",), ("of", "and"), ("and",)):
        letters = []
        for word in words:
            if word.lower() in {"of", "and", "for", "the", "&", "on", "in"}:
                if word.lower() in keep:
                    letters.append(word[0])
                continue
            letters.append(word if word.isupper() else word[0])
        found.add("".join(letters).upper())
        found.add("".join(w[0] for w in letters).upper())
    return found


HEAD_TITLES = (
    "Chief Executive Officer|Chief Executive|CEO|Managing Director|Chairman|Chairperson"
    "|Chairwoman|President|Vice President|Founder|Co-founder|Director General|Vice Chancellor"
    "|Vice-Chancellor|Rector|Country Director|Country Head|General Manager|Executive Director"
    "|Head|Dean|Registrar|Partner|Principal"
)
HEAD_OF = re.compile(
    rf"^(?P<title>(?:[A-Z][a-z]+\s+)?(?:{HEAD_TITLES}))\s+(?:of|at)\s+(?:the\s+)?"
    r"(?P<org>[A-Z][\w&@’'-]*(?:\s+(?:(?:of|and|for|&)\s+)?[A-Z][\w&@’'-]*){0,7})$"
)
PLACES = {
    "Pakistan", "Asia", "Pacific", "Asia Pacific", "Europe", "Africa", "South Asia",
    "Middle East", "China", "the Board", "Board",
}  # fmt: skip


DELEGATION_OF = re.compile(
    rf"\b(?:delegation|team|representatives) (?:of|from) (?:the )?(?P<run>{RUN.pattern})"
)


def _is_place(name: str) -> bool:
    return (
        name in PLACES
        or name in lx.CITIES
        or name in PROVINCES
        or name.split()[-1] in {"Division", "District"}
    )


def _split_title(state: _State, chunk: str) -> tuple[str, DraftOrganisation | None]:
    """ "Chief Commercial Officer of STZA" → ("Chief Commercial Officer", STZA)."""
    chunk = BRACKETED_ABBREVIATION.sub("", chunk)
    best = None
    for org in state.orgs.values():
        for surface in filter(
            None, {org.name, org.acronym, org.name.split(" – ")[0] if " – " in org.name else None}
        ):
            m = re.search(
                rf"(?<![\w@]){re.escape(surface)}(?![\w@])",
                chunk,
                0 if surface == org.acronym else re.I,
            )
            if m and (best is None or (m.start(), -m.end()) < (best[0], -best[1])):
                best = (m.start(), m.end(), org)
    if best is None:
        # "President PFCCI", "Secretary BOI", "CEO DPL": an abbreviation after the title.
        tail = re.search(r"(?:\s+(?:of|at)\s+(?:the\s+)?|\s+)(?P<acr>[A-Z][A-Z@&]{1,8})$", chunk)
        if tail and tail.group("acr") not in lx.NOT_ORG_ACRONYMS:
            acr = tail.group("acr")
            org = _org_like(state, acr) or _add_org(state, acr, acr, chunk)
            return chunk[: tail.start()].strip(" ,"), org
        # "Chief Executive Officer of Galaxy Racer": the body a head heads.
        head = HEAD_OF.match(chunk)
        if head and not _is_place(head.group("org")):
            return head.group("title"), _add_org(state, head.group("org"), None, chunk)
        return chunk.strip(" ,"), None
    title = chunk[: best[0]] + chunk[best[1] :]
    title = re.sub(r"(?:,|\s+(?:of|at|for|the|in))+\s*(?=$|,)", "", title.strip())
    title = re.sub(r"\s+(?:of|at|for)\s+(?:the\s+)?$", "", title).strip(" ,")
    title = re.sub(r"\s{2,}", " ", title)
    return title, best[2]


def _ministry_for(state: _State, title: str, sentence: str) -> DraftOrganisation | None:
    m = re.search(r"\bMinister\s+(?:for|of)\s+(?P<portfolio>.+)$", title)
    if not m:
        return None
    named = re.sub(r"^State\s+for\s+", "", m.group("portfolio"))
    portfolio = _portfolio_words(named)
    best, overlap = None, 0
    for org in state.orgs.values():
        words = set(normalise(org.name).split())
        if "ministry" not in words:
            continue
        shared = len(portfolio & _portfolio_words(org.name))
        if shared > overlap:
            best, overlap = org, shared
    if best is not None:
        return best
    return _add_org(state, f"Ministry of {named}", None, sentence, inferred=True)


PROVINCES = {
    "KP": "Khyber Pakhtunkhwa",
    "KPK": "Khyber Pakhtunkhwa",
    "Khyber Pakhtunkhwa": "Khyber Pakhtunkhwa",
    "Punjab": "Punjab",
    "Sindh": "Sindh",
    "Balochistan": "Balochistan",
    "Gilgit-Baltistan": "Gilgit-Baltistan",
    "GB": "Gilgit-Baltistan",
    "AJK": "Azad Jammu and Kashmir",
}
PROVINCE = "|".join(sorted(PROVINCES, key=len, reverse=True))
PROVINCE_GOVERNMENT = re.compile(rf"\b(?P<p>{PROVINCE})\s+[Gg]overnment\b")
PROVINCIAL_HEAD = re.compile(
    rf"^(?:(?P<before>{PROVINCE})\s+)?(?:Chief Minister|Governor|Chief Secretary)"
    rf"(?:\s+(?:of\s+)?(?P<after>{PROVINCE}))?$"
)


def _province_for(
    state: _State, title: str, before: str, sentence: str
) -> DraftOrganisation | None:
    """ "Khyber Pakhtunkhwa Chief Minister", "Chief Minister KP", "Governor of Punjab": the
    province's government."""
    m = PROVINCIAL_HEAD.match(title.strip())
    if not m:
        return None
    province = m.group("before") or m.group("after")
    if province is None:
        word = re.search(rf"\b(?P<p>{PROVINCE})\s*$", before)
        province = word.group("p") if word else None
    if province is None:
        return None
    return _provincial_government(state, province, sentence)


CAPITALS = {
    "Khyber Pakhtunkhwa": "Peshawar",
    "Punjab": "Lahore",
    "Sindh": "Karachi",
    "Balochistan": "Quetta",
    "Gilgit-Baltistan": "Gilgit",
    "Azad Jammu and Kashmir": "Muzaffarabad",
}


def _provincial_government(state: _State, province: str, sentence: str) -> DraftOrganisation:
    """The province's government as the text names it ("Sindh Secretariat", "Civil
    Secretariat Quetta"), or else "Government of <province>"."""
    name = PROVINCES[province]
    places = {name, province, CAPITALS.get(name, name)}
    for org in state.orgs.values():
        words = set(re.findall(r"[\w-]+", org.name))
        if words & {"Secretariat", "Government"} and any(p in org.name for p in places):
            return org
    return _add_org(state, f"Government of {name}", None, sentence)


def _mission_for(state: _State, title: str, sentence: str) -> DraftOrganisation | None:
    """An envoy's mission: "Ambassador of Japan to Pakistan" → Embassy of Japan; "High
    Commissioner of Malaysia" → High Commission of Malaysia; Pakistan's own missions keep
    their host ("High Commission of Pakistan in South Africa")."""
    m = re.search(
        r"\b(?P<office>High Commissioner|Ambassador|Consul General)\s+of\s+(?:the\s+)?"
        r"(?P<country>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)(?:\s+(?:in|to)\s+(?P<host>[A-Z][a-z]+"
        r"(?:\s+[A-Z][a-z]+)?))?",
        title,
    )
    if not m:
        return None
    mission = {
        "High Commissioner": "High Commission",
        "Ambassador": "Embassy",
        "Consul General": "Consulate General",
    }[m.group("office")]
    name = f"{mission} of {m.group('country')}"
    if m.group("country") == "Pakistan" and m.group("host"):
        name += f" in {m.group('host')}"
    return _add_org(state, name, None, sentence)


PORTFOLIO_ABBREVIATIONS = {"it": "information technology", "telecom": "telecommunication"}


def _portfolio_words(name: str) -> set[str]:
    words = []
    for word in normalise(name).split():
        words.extend(PORTFOLIO_ABBREVIATIONS.get(word, word).split())
    return set(words) - {"and", "the", "of", "for", "ministry", "state", "federal"}


def _delegation_org(state: _State, sentence: Sentence) -> DraftOrganisation | None:
    """The side a sentence lists people for: "the X delegation was led by", "a delegation
    of X", "the X team", "X was represented by"; "the delegation comprising …" in a later
    sentence is the delegation named before."""
    if re.search(
        r"\b[Tt]he delegation (?:comprising|comprised|included|including|consisting|was led)",
        sentence.text,
    ):
        for earlier in reversed([x for x in state.sentences if x.end <= sentence.start]):
            found = _delegation_org(state, earlier)
            if found is not None:
                return found
    for mention in _orgs_in(state, sentence.start, sentence.end):
        tail = state.text[mention.end : mention.end + 30]
        head = state.text[max(sentence.start, mention.start - 24) : mention.start]
        if re.match(
            r"\s+(?:delegation|leadership|team|side)\b|\s+(?:was|were) represented by\b", tail
        ) or re.search(r"(?:delegation|team) (?:of|from) (?:the )?$", head):
            return mention.org
    return None


CHAIR_ABBREVIATIONS = {"pm": "prime minister", "cm": "chief minister"}
GOVERNMENT_WORDS = {"Ministry", "Division", "Commission", "Department", "Government", "Office"}


def _chair_of(home: str) -> str | None:
    """ "Prime Minister's Office", "PM Office", "Chief Minister Secretariat" → the title
    of the one whose office it is."""
    m = re.fullmatch(r"(?P<t>.+?)(?:[’']s)?\s+(?:Office|Secretariat|House)", home.strip())
    if not m:
        return None
    words = normalise(m.group("t")).split()
    return " ".join(CHAIR_ABBREVIATIONS.get(w, w) for w in words)


def _chairs_home(state: _State, title: str | None) -> bool:
    chair = _chair_of(state.gazetteer.home.name)
    return bool(chair and title and normalise(title) == chair)


LISTED = re.compile(
    r"\b(?:representatives|officials|officers|members|delegation|team|dignitaries)\b"
    r"(?P<intro>[^.;]{0,80}?)\b(?:including|comprising|comprised of|namely|such as)\s+"
    r"(?P<items>[^.;()]+)"
)
LISTED_NAME = re.compile(
    rf"(?:{HONORIFIC_RE}\s+)?(?P<name>(?:[A-Z]\.\s?)?{NAME_TOKEN}(?:\s+{NAME_TOKEN}){{1,4}})"
)


# "head of policy Jean White": a list item that is a title (in any case) and a name.
TITLED_ITEM = re.compile(
    rf"(?P<title>[A-Za-z][\w&’'-]*(?:\s+[a-zA-Z][\w&’'-]*){{0,5}}?)\s+"
    rf"(?P<name>{NAME_TOKEN}(?:\s+{NAME_TOKEN}){{1,4}})"
)


def _listed_item(item: str) -> re.Match[str] | None:
    """A list item that is a name, or a title and a name; the last item may run on into
    the sentence ("… and Country head Saira Faisal discussed matters")."""
    found = LISTED_NAME.fullmatch(item) or TITLED_ITEM.fullmatch(item)
    if found is None:
        runs_on = re.match(rf"(?P<keep>.*?{NAME_TOKEN}\s+{NAME_TOKEN})\s+[a-z]", item)
        if runs_on:
            keep = runs_on.group("keep")
            found = LISTED_NAME.fullmatch(keep) or TITLED_ITEM.fullmatch(keep)
    return found


def listed_people(state: _State) -> None:
    """ "The representatives from the Asian Development Bank, including A, B and C": people
    named in a list for a body, without titles."""
    for sentence in state.sentences:
        for m in LISTED.finditer(sentence.text):
            intro_start = sentence.start + m.start()
            orgs = _orgs_in(state, intro_start, sentence.start + m.start("items"))
            org = orgs[-1].org if orgs else _delegation_org(state, sentence)
            if org is None:
                continue
            offset = sentence.start + m.start("items")
            for item in re.split(r",\s*(?:and\s+)?|\s+and\s+", m.group("items")):
                found = _listed_item(item.strip())
                if not found:
                    continue
                name = found.group("name")
                title = found.groupdict().get("title")
                if title and not TITLE_ANY_CASE.search(title):
                    continue
                if _clean_name(name) != name.split():
                    continue
                start = state.text.find(name, offset)
                if start < 0 or any(
                    o.start <= start < o.end for o in _starting_in(state.org_mentions, 0, start + 1)
                ):
                    continue
                key = _same_person_key(state, person_key(name))
                if key in state.people:
                    continue
                person = DraftPerson(
                    name=name,
                    title=title,
                    organisation=org.name,
                    side="ours" if org.side == "ours" else "counterpart",
                    sentence=sentence.text.strip(),
                )
                state.people[key] = person
                state.person_mentions.append(PersonMention(start, start + len(name), person))
    state.person_mentions.sort(key=lambda x: x.start)


PLURAL_TITLES = "|".join(
    re.escape(t[:-1] + "ies" if t.endswith("y") else t + "s")
    for t in lx.TITLE_HEADS
    if len(t) > 3 and not t.isupper()
)
LIST_NAME = r"(?<![\w.’'-])[A-Z][\w.’'-]*+(?:\s[A-Z][\w.’'-]*+){0,5}"
SHARED_TITLE = re.compile(
    rf"(?P<names>{LIST_NAME}(?:,\s+(?:and\s+)?{LIST_NAME}){{1,12}}),?\s+"
    rf"(?:(?:were|are|the)\s+)?(?P<title>{PLURAL_TITLES})\b(?P<rest>[^.;,]{{0,80}})"
)


def people_sharing_a_title(state: _State) -> None:
    """ "M. Noor Ahmed Khan, Muslim Mohamedi, Arshad Jamal Vice Presidents of FPCCI": a list
    of names sharing one title (in the plural) and organisation."""
    for sentence in state.sentences:
        for m in SHARED_TITLE.finditer(sentence.text):
            plural = m.group("title")
            singular = plural[:-3] + "y" if plural.endswith("ies") else plural[:-1]
            names = m.group("names")
            # "Arshad Jamal Vice Presidents": the title's first words end the last name.
            prefix = re.search(r"(?:\s+(?:Senior|Vice|Deputy|Additional|Joint|Executive))+$", names)
            if prefix:
                singular = prefix.group(0).strip() + " " + singular
                names = names[: prefix.start()]
            rest = m.group("rest")
            stop = TITLE_STOP.search(rest)
            rest = rest[: stop.start()] if stop else rest
            title, org = _split_title(state, singular + rest.rstrip())
            title = singular if not org else title
            base = sentence.start + m.start("names")
            for item in re.finditer(r"[^,]+", names):
                text = re.sub(r"^\s*(?:and\s+)?", "", item.group(0)).strip()
                found = LISTED_NAME.fullmatch(text)
                if not found or _clean_name(found.group("name")) != found.group("name").split():
                    continue
                name = found.group("name")
                key = _same_person_key(state, person_key(name))
                start = state.text.find(name, base + item.start())
                if key in state.people or start < 0:
                    continue
                person = DraftPerson(
                    name=name,
                    title=title,
                    organisation=org.name if org else None,
                    side="ours" if org is not None and org.side == "ours" else "counterpart",
                    sentence=sentence.text.strip(),
                )
                state.people[key] = person
                state.person_mentions.append(PersonMention(start, start + len(name), person))
    state.person_mentions.sort(key=lambda x: x.start)


PLURAL_FIRST = re.compile(
    r"\b(?P<title>(?:(?:[Ff]ederal|[Pp]rovincial|State|PM[’']s|Prime Minister[’']s)\s+)?"
    r"(?:[Mm]inisters|[Cc]oordinators|[Aa]dvis[eo]rs|[Ss]ecretaries|[Ss]pecial [Aa]ssistants))\s+"
    rf"(?P<names>{LIST_NAME}(?:,\s+{LIST_NAME})*(?:,?\s+and\s+{LIST_NAME})?)"
)


def people_after_a_plural_title(state: _State) -> None:
    """ "ministers A, B and C", "PM's coordinators D and E": names listed after a title in
    the plural each hold it (as written, in the singular). Read before single introductions,
    whose title after the last name would be the next person's."""
    for sentence in state.sentences:
        for m in PLURAL_FIRST.finditer(sentence.text):
            plural = m.group("title")
            title = plural[:-3] + "y" if plural.endswith("ies") else plural[:-1]
            base = sentence.start + m.start("names")
            for item in re.finditer(r"[^,]+", m.group("names")):
                for part in re.split(r"\s+and\s+", item.group(0)):
                    found = LISTED_NAME.fullmatch(part.strip().rstrip("."))
                    if not found or _clean_name(found.group("name")) != found.group("name").split():
                        continue
                    name = found.group("name")
                    key = _same_person_key(state, person_key(name))
                    start = state.text.find(name, base + item.start())
                    if key in state.people or start < 0:
                        continue
                    person = DraftPerson(name=name, title=title, sentence=sentence.text.strip())
                    state.people[key] = person
                    state.person_mentions.append(PersonMention(start, start + len(name), person))
    state.person_mentions.sort(key=lambda x: x.start)


def internal_meeting(state: _State) -> None:
    """A meeting the holder of our office chairs with government people only (a Prime
    Minister's review with ministers and the Planning Commission): everyone sits on our
    side (tests/ingest/real/README.md)."""
    people = list(state.people.values())
    if not any(p.side == "ours" and _chairs_home(state, p.title) for p in people):
        return
    for person in people:
        org = _org_of(state, person)
        if (
            org is not None
            and org.side != "ours"
            and not (set(org.name.split()) & GOVERNMENT_WORDS)
        ):
            return
    for person in people:
        person.side = "ours"


LED_TEAM = re.compile(
    r"\s*,?\s+(?:who\s+)?(?:led|headed)\s+(?:the|a)\s+"
    r"(?P<org>[A-Z][\w@&’'-]*+(?:\s+[A-Z][\w@&’'-]*+){0,6}?)\s+(?:team|delegation|side)\b"
)


def _led_team(state: _State, end: int) -> DraftOrganisation | None:
    """ "Mr. Shah Muhammad led the USAID-ERDA Team": the body whose team the person led."""
    m = LED_TEAM.match(state.text, end, min(len(state.text), end + 120))
    if not m:
        return None
    surface = m.group("org")
    found = _org_for_surface(state, surface) or _org_like(state, surface)
    if found is not None:
        return found
    if _is_place(surface):
        return None
    acronym = surface if ACRONYM_RE.fullmatch(surface) else None
    return _add_org(state, surface, acronym, state.sentence_at(end).text)


def _same_person_key(state: _State, key: str) -> str:
    """One person under two spellings in one text ("Rehamn" and "Rehman"): the key of the
    person already found whose every word sounds the same."""
    if key in state.people:
        return key
    sounds = [sound_key(w) for w in key.split()]
    for other in state.people:
        if [sound_key(w) for w in other.split()] == sounds:
            return other
    return key


LIST_GAP = re.compile(r"\s*,?\s*(?:and\s+|&\s+)?")


def find_people(state: _State) -> None:
    known = {person_key(p.name): p for p in state.gazetteer.people}
    for sentence in state.sentences:
        delegation = _delegation_org(state, sentence)
        # In a list ("Chairman PITB A, DG e-Governance B and GM IT C") a person whose title
        # names no body shares the body of the one named just before: only across a comma or
        # "and" (not "A called on B"), never across sentences, and never a ministry guessed
        # from a minister's title (the next person is not its minister).
        last_org: DraftOrganisation | None = None
        last_end = sentence.start
        for m in PERSON_RE.finditer(sentence.text):
            start = sentence.start + m.start("name")
            tokens = _clean_name(m.group("name"))
            if not tokens:
                continue
            name = " ".join(tokens)
            name_start = state.text.index(name, start)
            name_end = name_start + len(name)
            if any(
                o.end > name_start
                for o in _starting_in(state.org_mentions, name_start - 400, name_start + 1)
            ):
                continue
            honorific = m.group("hon") if state.text.startswith(tokens[0], start) else None
            hon = re.search(
                rf"(?:{HONORIFIC_RE}|H\.\s?E\.?)\s+$",
                state.text[max(sentence.start, name_start - 16) : name_start],
            )
            if hon and honorific is None:
                honorific = hon.group(0).strip().split()[-1]
            key = person_key(name)
            if len(tokens) == 1:
                person = _by_surname(state, tokens[0]) if honorific else None
                if person:
                    state.person_mentions.append(PersonMention(name_start, name_end, person))
                continue
            title_start = name_start - (len(hon.group(0)) if hon else 0)
            before = _title_before(state, title_start, sentence)
            after = _title_after(state, name_end, sentence)
            # "Title Name" binds closer than "Name, Title"; "Title, Name, Title" goes after.
            adjacent = before and not state.text[before[1] : title_start].rstrip().endswith(",")
            if before and (adjacent or not after):
                after = None
            else:
                before = None
            key = _same_person_key(state, key)
            if key in state.people:
                state.person_mentions.append(PersonMention(name_start, name_end, state.people[key]))
                continue
            if not (after or before or honorific or key in known):
                continue
            chunk = after[0] if after else before[0] if before else None
            title, org = _split_title(state, chunk) if chunk else (None, None)
            if org is None and before:
                org = _org_before(state, before[1], sentence) or _its(state, before[1], sentence)
            if org is None and after:
                org = _org_after_title(state, after[1])
            if title:
                title = re.sub(r"^(?:Honorable|Honourable|Hon\.)\s+", "", title)
                title = re.sub(r"\s+Pakistan$", "", title) if org else title
            if org is None and title:
                org = (
                    _ministry_for(state, title, sentence.text)
                    or _mission_for(state, title, sentence.text)
                    or _province_for(
                        state,
                        title,
                        state.text[sentence.start : before[1]] if before else "",
                        sentence.text,
                    )
                )
            listed_next = last_org is not None and LIST_GAP.fullmatch(
                state.text[last_end : before[1] if before else title_start]
            )
            org = (
                org
                or _led_team(state, name_end)
                or delegation
                or (last_org if listed_next else None)
            )
            person = DraftPerson(
                name=name,
                honorific=(honorific or "").rstrip(".")
                or (known[key].honorific if key in known else None),
                title=title or None,
                organisation=org.name if org else None,
                side="ours"
                if (org is not None and org.side == "ours")
                or (org is None and _chairs_home(state, title))
                else "counterpart",
                sentence=sentence.text.strip(),
            )
            if org is not None and not org.inferred:
                last_org = org
            last_end = after[1] if after else name_end
            state.people[key] = person
            state.person_mentions.append(PersonMention(name_start, name_end, person))
    state.person_mentions.sort(key=lambda m: m.start)


def _by_surname(state: _State, surname: str) -> DraftPerson | None:
    for person in state.people.values():
        if person.name.split()[-1] == surname:
            return person
    return None


# ---- who did what -----------------------------------------------------------------


@dataclass
class Actor:
    person: DraftPerson | None = None
    org: DraftOrganisation | None = None
    group: list[DraftOrganisation] = field(default_factory=list)

    @property
    def orgs(self) -> list[DraftOrganisation]:
        return self.group or ([self.org] if self.org else [])


def _org_of(state: _State, person: DraftPerson) -> DraftOrganisation | None:
    return next((o for o in state.orgs.values() if o.name == person.organisation), None)


def _subject(state: _State, start: int, end: int, previous: Actor | None) -> Actor | None:
    """Who does what the clause [start, end) says: the first person or organisation named,
    a title or "the government" standing for one, a pronoun, or a group listed before."""
    clause = state.text[start:end]
    if (
        PLURAL_SUBJECT.match(clause)
        or re.search(r"\btheir\b", clause)
        and not _first_mention(state, start, end)
    ):
        group = [members for pos, members in state.lists if pos < end]
        if group:
            return Actor(group=group[-1])
    if PRONOUN_SUBJECT.match(clause) and previous and previous.person:
        return previous
    ref = re.match(
        r"^\s*(?:Furthermore,\s*|Under the \w+,\s*)?(?:The|the)\s+"
        r"(?P<word>[A-Z]?[a-z]+(?:\s[A-Z][a-z]+)?)\b",
        clause,
    )
    mention = _first_mention(state, start, end)
    if ref and (mention is None or mention.start > start + ref.end() + 12):
        word = ref.group("word").lower()
        for person in reversed(list(state.people.values())):
            if person.title and word in person.title.lower():
                return Actor(person=person, org=_org_of(state, person))
        if GENERIC_SUBJECT.search(clause[: ref.end() + 20]):
            lead = _lead_org(state, "counterpart")
            if lead:
                return Actor(org=lead)
    if mention is None:
        return None
    if isinstance(mention, PersonMention):
        return Actor(person=mention.person, org=_org_of(state, mention.person))
    # "The Chairman STZA": a title with an organisation names its holder.
    title_ref = re.search(
        rf"\b(?P<head>{TITLE_ALTERNATION})\s+$", state.text[start : mention.start]
    )
    if title_ref:
        for person in state.people.values():
            if (
                person.organisation == mention.org.name
                and person.title
                and title_ref.group("head") in person.title
            ):
                return Actor(person=person, org=mention.org)
    return Actor(org=mention.org)


def _first_mention(state: _State, start: int, end: int) -> OrgMention | PersonMention | None:
    found: list[Mention] = [
        *_starting_in(state.org_mentions, start, end),
        *_starting_in(state.person_mentions, start, end),
    ]
    return min(found, key=lambda m: m.start) if found else None


def _lead_org(state: _State, side: str) -> DraftOrganisation | None:
    orgs = [o for o in state.orgs.values() if o.side == side]
    led = [o for o in orgs if o.role == "led_delegation"]
    if led:
        return led[0]
    for person in state.people.values():
        if person.side == side and person.organisation:
            return state.orgs.get(normalise(person.organisation))
    return orgs[0] if orgs else None


def find_leads(state: _State) -> None:
    for m in LED_BY.finditer(state.text):
        after = [p for p in state.person_mentions if p.start >= m.end() and p.start - m.end() < 60]
        if not after:
            continue
        person = after[0].person
        person.role = "led_delegation"
        org = _org_of(state, person)
        if org:
            org.role = "led_delegation"
    for side in ("ours", "counterpart"):
        people = [p for p in state.people.values() if p.side == side]
        if people and not any(p.role == "led_delegation" for p in people):
            people[0].role = "led_delegation"
            org = _org_of(state, people[0])
            if org and org.role != "led_delegation":
                org.role = "led_delegation"


def find_presentations(state: _State) -> list[DraftPresentation]:
    found: list[DraftPresentation] = []
    previous: Actor | None = None
    for sentence in state.sentences:
        for m in PRESENTED.finditer(sentence.text):
            actor = (
                _subject(state, sentence.start, sentence.start + m.start(), previous)
                or previous
                or Actor()
            )
            what = re.split(r",| under which| which| to (?:the|a)\b| for the\b", m.group("what"))[
                0
            ].strip()
            if not what or len(what) < 4:
                continue
            if actor.person and actor.person.role == "attended":
                actor.person.role = "presented"
            found.append(
                DraftPresentation(
                    title=what[0].upper() + what[1:],
                    presenter=actor.person.name if actor.person else None,
                    organisation=(actor.org.name if actor.org else None),
                    sentence=sentence.text.strip(),
                )
            )
            previous = actor
    return found


def _explicit_recipient(
    state: _State, start: int, end: int, makers: list[DraftOrganisation]
) -> DraftOrganisation | Literal[False] | None:
    """An organisation named after the cue; False if none; None for a broad group."""
    after = state.text[start:end]
    skip_until = (
        start + m.end() if (m := re.match(r"^\s*(?:that|the investors that)\b", after)) else start
    )
    between: list[Mention] = [
        *_starting_in(state.org_mentions, skip_until, end),
        *_starting_in(state.person_mentions, skip_until, end),
    ]
    for mention in sorted(between, key=lambda x: x.start):
        if re.search(
            r"\bthat\s+(?:the\s+)?$", state.text[max(start, mention.start - 10) : mention.start]
        ):
            continue  # the subject of "assured that X would …", not the one assured
        follows = state.text[mention.end : mention.end + 20]
        if re.match(
            r"^(?:[’']s)?\s+(?!of\b|for\b|to\b|on\b|in\b|at\b|with\b|and\b|that\b|by\b)[a-z]",
            follows,
        ):
            continue  # "the STZA incentive regime": a modifier, not a party
        org = mention.org if isinstance(mention, OrgMention) else _org_of(state, mention.person)
        if org is not None and org not in makers:
            return org
    generic = re.search(r"\bwith the (?P<word>[a-z]+)\b", after)
    if generic:
        for org in state.orgs.values():
            if org not in makers and generic.group("word").capitalize() in org.name.split():
                return org
    if lx.BROAD_RECIPIENTS.search(after):
        return None
    return False


def _is_party(state: _State, org: DraftOrganisation) -> bool:
    """A side of the meeting (not a body merely present or mentioned): our side facing a
    counterpart, with named people or alone on its side."""
    if not any(o.side == "ours" for o in state.orgs.values()):
        return False
    same_side = [o for o in state.orgs.values() if o.side == org.side]
    return len(same_side) == 1 or any(p.organisation == org.name for p in state.people.values())


# "A agreed to share …, while B committed to send …": a second subject with its own cue.
SECOND_SUBJECT = re.compile(
    r",?\s+(?:while|whereas)\s+(?=(?:the\s+)?[A-Z])|,\s+and\s+(?=(?:the\s+)?[A-Z])"
)


NAMED_SUBJECT = re.compile(
    r"(?:the\s+)?[A-Z][\w@&’'-]*(?:\s+(?:of\s+|and\s+)?[A-Z][\w@&’'-]*){0,8}\s+(?:also\s+)?"
)


def _second_commitments(sentence: str) -> list[int]:
    """Where a second commitment starts in a sentence that has made one already: one pledge
    each, each with its own maker and deadline."""
    found: list[int] = []
    for m in SECOND_SUBJECT.finditer(sentence):
        cue_before = lx.PLEDGE_CUE.search(sentence, found[-1] if found else 0, m.start())
        subject = NAMED_SUBJECT.match(sentence, m.end())
        if cue_before and subject and lx.PLEDGE_CUE.match(sentence, subject.end()):
            found.append(m.start())
    return found


def find_pledges(state: _State, kind: str) -> list[DraftPledge]:
    pledges: list[DraftPledge] = []
    previous: Actor | None = None
    for sentence in state.sentences:
        clause_start = sentence.start
        bounds = sorted(
            [m.start() for m in CLAUSE_SPLIT.finditer(sentence.text)]
            + _second_commitments(sentence.text)
        ) + [len(sentence.text)]
        clause_actor: Actor | None = None
        for bound in bounds:
            clause_end = sentence.start + bound
            cue = lx.PLEDGE_CUE.search(state.text, clause_start, clause_end)
            if cue:
                actor = (
                    _subject(state, clause_start, cue.start(), None)
                    or clause_actor
                    or _subject(state, sentence.start, cue.start(), previous)
                    or previous
                    or Actor()
                )
                clause_actor = actor
                previous = actor
                if not BOTH_SUBJECT.search(state.text, clause_start, cue.start()):
                    # "Both sides agreed …" is one pledge each way (mutual_pledges).
                    pledges.extend(_pledges_for(state, actor, cue, clause_end, kind, sentence))
            clause_start = clause_end
        if clause_actor is None:
            subject = _subject(state, sentence.start, sentence.end, previous)
            if subject and subject.person:
                previous = subject
    return pledges


SIGNING = re.compile(
    r"\b(?:sign(?:ed|s|ing)?|ink(?:ed|s)?)\b[^.\n]{0,120}?\b(?:MoUs?|memorand\w*|agreements?)\b"
    r"|\b(?:MoUs?|memorand\w*|agreements?)\b[^.\n]{0,200}?\b(?:signed|inked)\b",
    re.I,
)
BOTH_SUBJECT = re.compile(
    r"\b(?:both|two)\s+(?:sides|organi[sz]ations|parties|institutions|authorities|bodies"
    r"|countries)\b",
    re.I,
)
NOT_YET = re.compile(r"\b(?:will|would|shall|to|plans? to|expected to)\s+(?:be\s+)?$", re.I)
BOTH_SIDES = re.compile(
    r"\b(?:it|this|that) was (?:also\s+)?agreed\b|\bwas agreed (?:during|in|at) (?:a|the)\b"
    r"|(?:^|[,;:]\s*|\b(?:and|that|also)\s+)(?:the\s+)?(?:both|two)\s+"
    r"(?:sides|organi[sz]ations|parties|institutions|authorities|bodies|countries)\b"
    r"(?:\s+\w+){0,2}?\s+(?:also\s+)?(?:agreed|would|will|expressed|resolved|assured|committed"
    r"|pledged|vowed|decided)\b",
    re.I,
)


def _signing_parties(state: _State) -> list[DraftOrganisation]:
    """The bodies that signed an MoU or agreement: those named, or represented by the people
    named, in a sentence saying it was signed (a headline too)."""
    parties: list[DraftOrganisation] = []
    for sentence in state.sentences:
        for m in SIGNING.finditer(sentence.text):
            if NOT_YET.search(sentence.text[max(0, m.start() - 20) : m.start()]):
                continue
            mentions: list[Mention] = sorted(
                [
                    *_starting_in(state.org_mentions, sentence.start, sentence.end),
                    *_starting_in(state.person_mentions, sentence.start, sentence.end),
                ],
                key=lambda x: x.start,
            )
            for mention in mentions:
                org = (
                    mention.org
                    if isinstance(mention, OrgMention)
                    else _org_of(state, mention.person)
                )
                if org is not None and org not in parties and not org.inferred:
                    parties.append(org)
            break
        if len(parties) >= 2:
            break
    return parties


def _pledge(
    maker: DraftOrganisation, recipient: DraftOrganisation, sentence: str, what: str
) -> DraftPledge:
    return DraftPledge(
        maker=maker.name,
        maker_person=None,
        recipient=recipient.name,
        text=what,
        kind="collaboration",
        sentence=sentence.strip(),
    )


def mutual_pledges(state: _State, found: list[DraftPledge]) -> list[DraftPledge]:
    """An MoU between two bodies, or "both sides agreed …", is one pledge by each side to
    the other (tests/ingest/real/README.md)."""
    pairs: list[tuple[DraftOrganisation, DraftOrganisation, str, str]] = []
    parties = _signing_parties(state)
    ours = [o for o in parties if o.side == "ours"]
    if ours and len(parties) >= 2:
        for other in parties:
            if other is not ours[0] and other.side != "ours":
                pairs.append((ours[0], other, "Cooperation under the MoU signed", ""))
    elif len(parties) >= 2:
        pairs.append((parties[0], parties[1], "Cooperation under the MoU signed", ""))
    for sentence in state.sentences:
        m = BOTH_SIDES.search(sentence.text)
        if not m:
            continue
        a, b = _lead_org(state, "ours"), _lead_org(state, "counterpart")
        if a and b:
            what = sentence.text[m.start() :].strip(" ,;:.")
            pairs.append((a, b, what[0].upper() + what[1:], sentence.text))
        break
    have = {(p.maker, p.recipient) for p in found}
    added = []
    for a, b, what, quote in pairs:
        for maker, recipient in ((a, b), (b, a)):
            if (maker.name, recipient.name) in have:
                continue
            have.add((maker.name, recipient.name))
            added.append(_pledge(maker, recipient, quote or what, what))
    return added


def _pledges_for(
    state: _State, actor: Actor, cue: re.Match[str], clause_end: int, kind: str, sentence: Sentence
) -> list[DraftPledge]:
    makers = actor.orgs
    if not makers:
        return []
    explicit = _explicit_recipient(state, cue.end(), clause_end, makers)
    pledge_kind = next(k for c, k in lx.PLEDGE_CUES if re.fullmatch(c, cue.group(0), re.I))
    text = state.text[cue.start() : clause_end].strip(" ,.;")
    found = []
    for maker in makers:
        if explicit is False:
            recipient = None
            other = "counterpart" if maker.side == "ours" else "ours"
            if kind != "event" and _is_party(state, maker):
                recipient = _lead_org(state, other)
        else:
            recipient = explicit
        found.append(
            DraftPledge(
                maker=maker.name,
                maker_person=actor.person.name if actor.person and len(makers) == 1 else None,
                recipient=recipient.name if recipient else None,
                text=text[0].upper() + text[1:],
                kind=pledge_kind,
                sentence=sentence.text.strip(),
            )
        )
    return found


# ---- the meeting itself -----------------------------------------------------------


def find_date(state: _State) -> tuple[date | None, str]:
    found, position = dates.find_date(state.text)
    if found is None or position is None:
        return None, ""
    return found, state.sentence_at(position).text


def find_kind(text: str) -> str:
    for kind, pattern in lx.MEETING_KINDS:
        if re.search(pattern, text, re.I if kind != "site_visit" else 0):
            return kind
    return "working_meeting"


def find_place(state: _State) -> tuple[str | None, str | None, str | None]:
    text = state.text
    venue = None
    m = re.search(r"^Venue:\s*(?P<v>[^\n,]+)", text, re.M) or re.search(
        rf"\b(?:visited|at|held at)\s+the\s+"
        rf"(?P<v>{RUN.pattern}(?: head office| office| headquarters)?)",
        text,
    )
    if m:
        venue = m.group("v").strip()
    city = None
    for m in re.finditer(r"\b[A-Z][a-zA-Z]+\b", text):
        word = m.group(0).capitalize()
        if word in lx.CITIES:
            city = word
            break
    province = lx.CITIES.get(city) if city else None
    if province is None:
        for word, value in lx.PROVINCE_WORDS.items():
            if re.search(rf"\b{re.escape(word)}\b", text):
                province = value
                break
    return venue, city, province


def find_title(state: _State, draft: Draft) -> str:
    header = re.match(
        r"^(?:Minutes of (?:the )?meeting|Meeting)\s*[:–-]\s*(?P<t>[^\n]+)", state.text, re.I
    )
    if header:
        return header.group("t").strip()
    quoted = re.search(
        r'"(?P<q>[A-Z][^"]{2,60})"',
        state.sentences[0].text
        + " "
        + (state.sentences[1].text if len(state.sentences) > 1 else ""),
    )
    where = f" in {draft.city}" if draft.city else ""
    if quoted and draft.kind == "event":
        return f'"{quoted.group("q")}" event{where}'
    named = re.search(
        rf"(?P<e>{RUN.pattern}\s+(?:Summit|Conference|Expo|Forum|Roundtable|Dialogue)(?:\s+\d{{4}})?)",
        state.text,
    )
    if named and draft.kind == "event":
        return named.group("e").removeprefix("The ").strip()
    counterpart = _lead_org(state, "counterpart")
    ours = _lead_org(state, "ours")
    label = {
        "working_meeting": "meeting",
        "site_visit": "site visit",
        "call": "call",
        "signing": "signing",
        "event": "event",
    }.get(draft.kind, "meeting")
    if ours and counterpart:
        return f"{ours.label} {label} with {counterpart.label}"
    if counterpart:
        return f"{label.capitalize()} with {counterpart.label}{where}"
    return f"{label.capitalize()}{where}"


def find_topics(state: _State) -> list[str]:
    lowered = state.text.lower()
    scored = []
    for topic in state.gazetteer.topics:
        words = [topic.name, *topic.keywords]
        hits = sum(len(re.findall(rf"\b{re.escape(w.lower())}\b", lowered)) for w in words if w)
        if hits:
            scored.append((hits, topic.slug))
    return [slug for _, slug in sorted(scored, key=lambda x: (-x[0], x[1]))]


def extract(text: str, gazetteer: Gazetteer) -> Draft:
    cleaned = clean(text)
    state = _State(text=cleaned, sentences=sentences(cleaned), gazetteer=gazetteer)
    find_organisations(state)
    people_after_a_plural_title(state)
    find_people(state)
    listed_people(state)
    people_sharing_a_title(state)
    internal_meeting(state)
    _index_org_mentions(state)  # organisations inferred from titles ("Ministry of …")
    find_leads(state)
    draft = Draft(source_text=cleaned)
    draft.kind = find_kind(cleaned)
    draft.date, draft.date_sentence = find_date(state)
    draft.date_confirmed = draft.date is not None
    draft.venue, draft.city, draft.province = find_place(state)
    draft.presentations = find_presentations(state)
    draft.pledges = find_pledges(state, draft.kind)
    draft.pledges += mutual_pledges(state, draft.pledges)
    for pledge in draft.pledges:
        pledge.due = dates.due_date(pledge.text, draft.date or dates.anchor_date(cleaned))
    draft.organisations = list(state.orgs.values())
    draft.people = list(state.people.values())
    draft.title = find_title(state, draft)
    draft.topics = find_topics(state)
    return draft

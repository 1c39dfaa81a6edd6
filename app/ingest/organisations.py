"""The organisations a text names: known names, "Full Name (ACR)", "ACR – Full Name",
capitalised phrases with an organisational word, delegations, provincial governments, lists
after "organisations such as"; and the bodies a title names (a minister's ministry, an
envoy's mission, a province's government)."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from app.ingest import lexicon as lx
from app.ingest.draft import DraftOrganisation
from app.ingest.gazetteer import Gazetteer, KnownOrganisation, initials
from app.ingest.text import (
    ACRONYM_RE,
    CAP,
    RUN,
    TITLE_ALTERNATION,
    TITLE_HEAD_RE,
    OrgMention,
    Sentence,
    State,
    orgs_in,
)
from app.matching import normalise

LIST_CONTEXT = re.compile(
    r"\b(?:organi[sz]ations|bodies|companies|institutions|stakeholders|participants)\s+"
    r"(?:such as|including|like|namely)\s+(?P<items>[^.;]+)"
)


def _strip_leading(run: str) -> str:
    run = re.sub(r"^(?:The|A|An|This|These)\s+", "", run)
    title = TITLE_HEAD_RE.match(run)
    while title:
        run = run[title.end() :]
        run = re.sub(r"^\s*(?:of|for|at)?\s*(?:the\s+)?", "", run)
        title = TITLE_HEAD_RE.match(run)
    return run.strip(" ,–-")


def _is_a_sector(phrase: str) -> bool:
    """ "the IT Industry", "Members of the IT Industry": a sector, not a body (a chamber or
    ministry "of Commerce and Industry" has a word of its own)."""
    words = set(re.findall(r"[A-Za-z]+", phrase))
    return {d for d in lx.DESIGNATORS if d in words} == {"Industry"}


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
    return target in _acronyms_of(run) and not is_place(run)


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


def add_org(
    state: State, name: str, acronym: str | None, sentence: str, *, inferred: bool = False
) -> DraftOrganisation:
    name = re.sub(r"^(?:[’']s\s+|[\w-]+-based\s+)", "", name.strip(" ,.;:–-"))
    # "the Board of Directors of the PSEB": the body whose board it is.
    board = re.match(r"(?:Board of (?:Directors|Governors)|Governing Body) of (?:the )?", name)
    if board and name[board.end() :]:
        name = name[board.end() :]
        found = org_for_surface(state, name)
        if found is not None:
            return found
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
    for org in state.orgs.values():
        if not inferred and _same_body(name, org.name):
            if name not in org.also:
                org.also.append(name)  # found by this name too (index_org_mentions)
            return org
    org = DraftOrganisation(
        name=name, acronym=acronym, sentence=sentence.strip(), inferred=inferred
    )
    if _is_home(state.gazetteer.home, name, acronym):
        org.side = "ours"
    state.orgs[key] = org
    return org


SPELT_OUT = {"it": "information technology", "telecom": "telecommunication", "&": "and"}
# Words a short form of a body's name may leave out: its portfolio or a company suffix.
MAY_LEAVE_OUT = {
    *(w.lower() for w in lx.PORTFOLIO_WORDS), "co", "ltd", "limited", "pvt", "private",
}  # fmt: skip


def _name_words(name: str) -> list[str]:
    words = " ".join(SPELT_OUT.get(w, w) for w in normalise(name).split()).split()
    return [re.sub(r"s$", "", w) for w in words if w not in {"of", "and", "the", "for", "on", "in"}]


def _same_body(a: str, b: str) -> bool:
    """ "Ministry of IT" and "Ministry of IT & Telecom" and "Ministry of Information
    Technology and Telecommunication"; "Punjab IT Board" and "Punjab Information Technology
    Board"; "Tus-Holdings Co" and "Tus-Holdings": one body, the shorter name leaving out only
    portfolio words or a company suffix, both starting with the same word."""
    x, y = _name_words(a), _name_words(b)
    if not x or not y or x[0] != y[0]:
        return False
    short, long = (set(x), set(y)) if len(x) <= len(y) else (set(y), set(x))
    return short <= long and long - short <= MAY_LEAVE_OUT


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
        return portfolio_words(home.name) == portfolio_words(name) != set()
    return False


def _known_org(gazetteer: Gazetteer, surface: str) -> KnownOrganisation | None:
    wanted = normalise(surface)
    for org in gazetteer.organisations_named(surface):
        if wanted in {normalise(org.name), *(normalise(a) for a in org.aliases)}:
            return org
        if (
            org.acronym
            and surface.replace("@", "A").upper() == org.acronym.replace("@", "A").upper()
        ):
            return org
    return None


COMMITTEE_ON = re.compile(
    rf"(?:(?:Senate|National Assembly|NA|Provincial Assembly)\s+)?"
    rf"(?:Standing|Select|Special|Parliamentary)\s+Committee\s+(?:on|for)\s+"
    rf"(?:the\s+)?{CAP}(?: +(?:and +|& +)?{CAP}){{0,5}}"
)


def find_organisations(state: State) -> None:
    text = state.text
    # Known organisations first: names, aliases and acronyms the database already holds.
    for known in state.gazetteer.organisations:
        for surface in (known.name, *known.aliases):
            for m in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text, re.I):
                add_org(state, known.name, known.acronym, state.sentence_at(m.start()).text)
        if known.acronym:
            for m in re.finditer(rf"(?<![\w@]){re.escape(known.acronym)}(?![\w@])", text):
                add_org(state, known.name, known.acronym, state.sentence_at(m.start()).text)
    # "Full Name (ACR)"
    acronym_re = r"[A-Z][A-Za-z@&]{1,9}(?:-[A-Z][A-Za-z]{1,9})?"
    for m in re.finditer(rf"({RUN.pattern})\s*\((?P<acr>{acronym_re})\)", text):
        run, acronym = _strip_leading(m.group(1)), m.group("acr")
        run = _best_suffix_for(run, acronym)
        if _has_designator(run) or _known_org(state.gazetteer, run) or _spells(run, acronym):
            add_org(state, run, acronym, state.sentence_at(m.start()).text)
    # "ACR – Full Name" and "Brand – Full Name"
    for m in re.finditer(rf"\b(?P<left>{CAP})\s+[–-]\s+(?P<right>{RUN.pattern})", text):
        left, right = m.group("left"), _strip_leading(m.group("right"))
        if not _has_designator(right):
            continue
        sentence = state.sentence_at(m.start()).text
        if ACRONYM_RE.fullmatch(left):
            add_org(state, right, left, sentence)
        else:
            add_org(state, f"{left} – {right}", None, sentence)
    # "the Senate Standing Committee on IT and Telecom": one body, "on" and all.
    committees = []
    for m in COMMITTEE_ON.finditer(text):
        add_org(state, m.group(0), None, state.sentence_at(m.start()).text)
        committees.append((m.start(), m.end()))
    # Capitalised phrases with an organisational word
    for m in RUN.finditer(text):
        if any(m.start() < end and start < m.end() for start, end in committees):
            continue
        run = _without_trailing_name(_strip_leading(_after_last_title(m.group(0))))
        if not _has_designator(run) or _inside_known(state, run):
            continue
        if " – " in run and any(org_for_surface(state, side) for side in run.split(" – ")):
            continue
        if org_for_surface(state, run):
            continue
        for part in _split_known(state, run):
            part = re.sub(r"^[’']s\s+", "", part)  # "Prime Minister's Office": not "Office"
            if _is_a_sector(part):
                continue
            if _has_designator(part) and len(part.split()) >= 2:
                add_org(state, part, None, state.sentence_at(m.start()).text)
    # "a delegation of GSMA Asia Pacific": the body a delegation comes from.
    for m in DELEGATION_OF.finditer(text):
        run = _without_trailing_name(_strip_leading(m.group("run")))
        words = run.split()
        if org_for_surface(state, run) or is_place(run) or not words:
            continue
        if len(words) >= 2 or ACRONYM_RE.fullmatch(run):
            add_org(state, run, None, state.sentence_at(m.start()).text)
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
            existing = org_for_surface(state, item)
            members.append(
                existing or add_org(state, item, None, state.sentence_at(m.start()).text)
            )
        state.lists.append((m.start(), members))
    index_org_mentions(state)


def _after_last_title(run: str) -> str:
    """ "Mian Nasser Hyatt Maggo and Vice Chancellor of Iqra University" → "Iqra University":
    a title inside a capitalised run ends whatever came before it."""
    heads = [h for h in TITLE_HEAD_RE.finditer(run) if h.start() > 0]
    if not heads:
        return run
    rest = re.sub(r"^\s*(?:of|for|at)?\s*(?:the\s+)?", "", run[heads[-1].end() :])
    return rest if rest.strip() else run


def _inside_known(state: State, run: str) -> bool:
    """Venue phrases such as "KPITB Office" are a known organisation, not a new one; nor
    is a unit of a body named by the body's abbreviation after it ("Head of Government
    Relations STZA": STZA's, and part of a title), unless it spells that abbreviation."""
    words = run.split()
    if len(words) >= 2 and ACRONYM_RE.fullmatch(words[-1]):
        body = org_for_surface(state, words[-1])
        if body is not None and body.acronym == words[-1]:
            return not _spells(" ".join(words[:-1]), words[-1])
    return (
        len(words) == 2
        and words[1] in {"Office", "Offices", "Secretariat", "House", "Headquarters"}
        and org_for_surface(state, words[0]) is not None
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


def _split_known(state: State, run: str) -> list[str]:
    """ "X and the Y": two organisations when either side is one on its own."""
    parts = re.split(r"\s+and\s+(?:the\s+)?", run)
    for i in range(1, len(parts)):
        left, right = " and ".join(parts[:i]), " and ".join(parts[i:])
        known_left = org_for_surface(state, left) or _known_org(state.gazetteer, left)
        known_right = org_for_surface(state, right) or _known_org(state.gazetteer, right)
        if known_left or known_right:
            return [p for p, known in ((left, known_left), (right, known_right)) if not known]
    return [run]


def org_for_surface(state: State, surface: str) -> DraftOrganisation | None:
    surface = surface.strip()
    if " – " in surface:
        left, right = surface.split(" – ", 1)
        return org_for_surface(state, right) or (
            org_for_surface(state, left) if ACRONYM_RE.fullmatch(left) else None
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


def index_org_mentions(state: State) -> None:
    mentions = []
    for org in state.orgs.values():
        surfaces = {org.name, *org.also, *([org.acronym] if org.acronym else [])}
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


# "the CEO of KPEZDMC, president SCCI and vice-president FPCCI were also present": an
# office named by its body's abbreviation alone, no one named after it.
OFFICE_OF_ABBREVIATION = re.compile(
    rf"(?i:\b(?:vice[- ])?(?:{TITLE_ALTERNATION}))[ ]+(?:of[ ]+(?:the[ ]+)?)?"
    r"(?P<acr>[A-Z][A-Z@&]{2,8})(?=\s*(?:[,;.]|and\b|were\b|was\b|$))"
)


def offices_by_abbreviation(state: State) -> None:
    for m in OFFICE_OF_ABBREVIATION.finditer(state.text):
        acr = m.group("acr")
        if acr in lx.NOT_ORG_ACRONYMS or is_place(acr) or org_like(state, acr):
            continue
        add_org(state, acr, acr, state.sentence_at(m.start()).text)


def org_like(state: State, surface: str) -> DraftOrganisation | None:
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


def is_place(name: str) -> bool:
    return (
        name in PLACES
        or name in lx.CITIES
        or name in PROVINCES
        or name.split()[-1] in {"Division", "District"}
    )


def ministry_for(state: State, title: str, sentence: str) -> DraftOrganisation | None:
    m = re.search(r"\bMinister\s+(?:for|of)\s+(?P<portfolio>.+)$", title)
    if not m:
        return None
    named = re.sub(r"^State\s+for\s+", "", m.group("portfolio"))
    portfolio = portfolio_words(named)
    best, overlap = None, 0
    for org in state.orgs.values():
        words = set(normalise(org.name).split())
        if "ministry" not in words:
            continue
        shared = len(portfolio & portfolio_words(org.name))
        if shared > overlap:
            best, overlap = org, shared
    if best is not None:
        return best
    return add_org(state, f"Ministry of {named}", None, sentence, inferred=True)


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


def province_for(state: State, title: str, before: str, sentence: str) -> DraftOrganisation | None:
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


def _provincial_government(state: State, province: str, sentence: str) -> DraftOrganisation:
    """The province's government as the text names it ("Sindh Secretariat", "Civil
    Secretariat Quetta"), or else "Government of <province>"."""
    name = PROVINCES[province]
    places = {name, province, CAPITALS.get(name, name)}
    for org in state.orgs.values():
        words = set(re.findall(r"[\w-]+", org.name))
        if words & {"Secretariat", "Government"} and any(p in org.name for p in places):
            return org
    return add_org(state, f"Government of {name}", None, sentence)


def mission_for(state: State, title: str, sentence: str) -> DraftOrganisation | None:
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
    return add_org(state, name, None, sentence)


PORTFOLIO_ABBREVIATIONS = {"it": "information technology", "telecom": "telecommunication"}


def portfolio_words(name: str) -> set[str]:
    words = []
    for word in normalise(name).split():
        words.extend(PORTFOLIO_ABBREVIATIONS.get(word, word).split())
    return set(words) - {"and", "the", "of", "for", "ministry", "state", "federal"}


def delegation_org(state: State, sentence: Sentence) -> DraftOrganisation | None:
    """The side a sentence lists people for: "the X delegation was led by", "a delegation
    of X", "the X team", "X was represented by"; "the delegation comprising …" in a later
    sentence is the delegation named before."""
    if re.search(
        r"\b[Tt]he delegation (?:comprising|comprised|included|including|consisting|was led)",
        sentence.text,
    ):
        for earlier in reversed([x for x in state.sentences if x.end <= sentence.start]):
            found = delegation_org(state, earlier)
            if found is not None:
                return found
    for mention in orgs_in(state, sentence.start, sentence.end):
        tail = state.text[mention.end : mention.end + 30]
        head = state.text[max(sentence.start, mention.start - 24) : mention.start]
        if re.match(
            r"\s+(?:delegation|leadership|team|side)\b|\s+(?:was|were) represented by\b", tail
        ) or re.search(r"(?:delegation|team) (?:of|from) (?:the )?$", head):
            return mention.org
    return None

"""The people a text names, each with their title, organisation and side: a name next to a
title ("Title Body Name", "Name, Title, Body"), with an honorific or already known; names
listed for a body or sharing one title; the holder of our office and those with them."""

from __future__ import annotations

import re

from app.ingest import lexicon as lx
from app.ingest.draft import (
    DraftOrganisation,
    DraftPerson,
)
from app.ingest.organisations import (
    HEAD_OF,
    PROVINCE,
    PROVINCES,
    add_org,
    delegation_org,
    is_place,
    ministry_for,
    mission_for,
    org_for_surface,
    org_like,
    portfolio_words,
    province_for,
)
from app.ingest.text import (
    ACRONYM_RE,
    HONORIFIC_RE,
    NAME_TOKEN,
    PERSON_RE,
    TITLE_ALTERNATION,
    TITLE_HEAD_RE,
    TITLE_WINDOW,
    PersonMention,
    Sentence,
    State,
    orgs_in,
    starting_in,
)
from app.matching import normalise, person_key, sound_key

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
    # "Chinese Ambassador to Pakistan": an envoy's title may open with his country's adjective.
    r"(?:[A-Z][a-z]+(?:ese|ian|an|ish|i)\s+(?=Ambassador|High Commissioner|Consul|Envoy))?"
    rf"(?:{TITLE_ALTERNATION})\b"
)
TITLE_ANY_CASE = re.compile(TITLE_MODIFIED.pattern, re.I)
BRACKETED_ABBREVIATION = re.compile(r"\s*\([A-Z][A-Za-z]{1,11}\)")
TRAILING_HONORIFIC = re.compile(rf"(?:\s+{HONORIFIC_RE}|\s+H\.\s?E\.?)+$")


def _title_after(state: State, end: int, sentence: Sentence) -> tuple[str, int] | None:
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


def _title_before(state: State, start: int, sentence: Sentence) -> tuple[str, int] | None:
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


def _org_before(state: State, position: int, sentence: Sentence) -> DraftOrganisation | None:
    """ "STZA Chairman Name", "The … Authority (STZA) Chairman, Name": the organisation
    named just before a title."""
    for mention in reversed(starting_in(state.org_mentions, sentence.start, position)):
        gap = state.text[mention.end : position]
        if re.fullmatch(r"\)?(?:\s*\([^()]{1,12}\))?[\s’']*(?:s\s*)?", gap):
            return mention.org
        break
    word = re.search(r"(?<![\w@])(?P<w>[A-Z][\w@&]{2,})\s+$", state.text[sentence.start : position])
    if word:
        return org_like(state, word.group("w"))
    return None


def _org_after_title(state: State, position: int) -> DraftOrganisation | None:
    """ "Name, Acting President, Lahore Chamber of Commerce": the body named right after a
    person's title, set off by a comma."""
    gap = re.match(r",\s*(?:the\s+)?", state.text[position : position + 8])
    if not gap:
        return None
    start = position + gap.end()
    found = starting_in(state.org_mentions, start, start + 1)
    return found[0].org if found else None


def _its(state: State, position: int, sentence: Sentence) -> DraftOrganisation | None:
    """ "a delegation of FPCCI led by its President Name": "its" is the body named last
    before it in the sentence."""
    if not re.search(r"\b(?:its|their)\s+$", state.text[sentence.start : position]):
        return None
    mentions = starting_in(state.org_mentions, sentence.start, position)
    return mentions[-1].org if mentions else None


PROVINCIAL_PORTFOLIO = re.compile(
    r"^(?:Provincial\s+)?(?:Minister|Secretary)\s+(?:for\s+|of\s+)?(?P<portfolio>[A-Z].*)$"
)


def _is_provincial(title: str, lead_in: str) -> bool:
    return bool(
        PROVINCIAL_PORTFOLIO.match(title)
        and (title.startswith("Provincial") or re.search(rf"\b(?:{PROVINCE})\s*$", lead_in))
    )


def _provincial_department(state: State, title: str, lead_in: str) -> DraftOrganisation | None:
    """ "Punjab Minister for Industries", "Provincial Secretary Industries and Commerce": a
    province's department, named in the text, never a federal ministry guessed by spelling.
    Only a department the text names (of the province named, if one is) is proposed;
    otherwise the title stands alone."""
    m = PROVINCIAL_PORTFOLIO.match(title)
    if not m:
        return None
    named = re.search(rf"\b(?P<p>{PROVINCE})\s*$", lead_in)
    # "KP" or "Khyber Pakhtunkhwa" in the department's name: either stands for the province.
    province = {named.group("p"), PROVINCES[named.group("p")].split()[0]} if named else None
    wanted = portfolio_words(m.group("portfolio"))
    for org in state.orgs.values():
        words = org.name.split()
        if (
            "Department" in words
            and wanted & portfolio_words(org.name)
            and (province is None or bool(province & set(words)))
        ):
            return org
    return None


def _body_begun(state: State, start: str) -> DraftOrganisation | None:
    """ "CEO of KP Economic Zones Development", cut at its "and": the body already found
    whose name goes on from there ("… Development and Management Company")."""
    key = normalise(start)
    return next(
        (o for o in state.orgs.values() if normalise(o.name).startswith(key + " and ")), None
    )


def _split_title(state: State, chunk: str) -> tuple[str, DraftOrganisation | None]:
    """ "Chief Commercial Officer of STZA" → ("Chief Commercial Officer", STZA)."""
    chunk = BRACKETED_ABBREVIATION.sub("", chunk)
    best = None
    for org in state.orgs.values():
        for surface in filter(
            None,
            {
                org.name,
                org.acronym,
                *org.also,
                org.name.split(" – ")[0] if " – " in org.name else None,
            },
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
            org = org_like(state, acr) or add_org(state, acr, acr, chunk)
            return chunk[: tail.start()].strip(" ,"), org
        # "Chief Executive Officer of Galaxy Racer": the body a head heads.
        head = HEAD_OF.match(chunk)
        if head and not is_place(head.group("org")):
            return head.group("title"), _body_begun(state, head.group("org")) or add_org(
                state, head.group("org"), None, chunk
            )
        return chunk.strip(" ,"), None
    title = chunk[: best[0]] + chunk[best[1] :]
    title = re.sub(r"(?:,|\s+(?:of|at|for|the|in))+\s*(?=$|,)", "", title.strip())
    title = re.sub(r"\s+(?:of|at|for)\s+(?:the\s+)?$", "", title).strip(" ,")
    title = re.sub(r"\s{2,}", " ", title)
    return title, best[2]


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


def _chairs_home(state: State, title: str | None) -> bool:
    chair = _chair_of(state.gazetteer.home.name)
    if not (chair and title):
        return False
    words = normalise(title).split()
    return " ".join(CHAIR_ABBREVIATIONS.get(w, w) for w in words) == chair


def in_our_chairs_office(state: State) -> None:
    """When we are an office ("PM Office"), its holder ("Prime Minister") and his staff
    ("PM's coordinator") who name no body of their own are filed under it, if the text
    names it."""
    chair = _chair_of(state.gazetteer.home.name)
    office = org_for_surface(state, state.gazetteer.home.name) if chair else None
    if office is None or office.side != "ours":
        return
    for person in state.people.values():
        if person.organisation or not person.title:
            continue
        head = re.match(r"(?P<c>.+?)[’']s\s", person.title)
        if _chairs_home(state, person.title) or (head and _chairs_home(state, head.group("c"))):
            person.organisation, person.side = office.name, "ours"


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


def listed_people(state: State) -> None:
    """ "The representatives from the Asian Development Bank, including A, B and C": people
    named in a list for a body, without titles."""
    for sentence in state.sentences:
        for m in LISTED.finditer(sentence.text):
            intro_start = sentence.start + m.start()
            orgs = orgs_in(state, intro_start, sentence.start + m.start("items"))
            org = orgs[-1].org if orgs else delegation_org(state, sentence)
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
                    o.start <= start < o.end for o in starting_in(state.org_mentions, 0, start + 1)
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


def people_sharing_a_title(state: State) -> None:
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
                _add_listed(state, text, base + item.start(), sentence.text, title, org)
    state.person_mentions.sort(key=lambda x: x.start)


def _add_listed(
    state: State,
    text: str,
    from_offset: int,
    sentence: str,
    title: str,
    org: DraftOrganisation | None = None,
) -> None:
    """One name of a list, with the title (and body) the list gives it: unless it is not
    a clean name, or that person is already drafted."""
    found = LISTED_NAME.fullmatch(text)
    if not found or _clean_name(found.group("name")) != found.group("name").split():
        return
    name = found.group("name")
    key = _same_person_key(state, person_key(name))
    start = state.text.find(name, from_offset)
    if key in state.people or start < 0:
        return
    person = DraftPerson(
        name=name,
        title=title,
        organisation=org.name if org else None,
        side="ours" if org is not None and org.side == "ours" else "counterpart",
        sentence=sentence.strip(),
    )
    state.people[key] = person
    state.person_mentions.append(PersonMention(start, start + len(name), person))


PLURAL_FIRST = re.compile(
    r"\b(?P<title>(?:(?:[Ff]ederal|[Pp]rovincial|State|PM[’']s|Prime Minister[’']s)\s+)?"
    r"(?:[Mm]inisters|[Cc]oordinators|[Aa]dvis[eo]rs|[Ss]ecretaries|[Ss]pecial [Aa]ssistants))\s+"
    rf"(?P<names>{LIST_NAME}(?:,\s+{LIST_NAME})*(?:,?\s+and\s+{LIST_NAME})?)"
)


def people_after_a_plural_title(state: State) -> None:
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
                    text = part.strip().rstrip(".")
                    _add_listed(state, text, base + item.start(), sentence.text, title)
    state.person_mentions.sort(key=lambda x: x.start)


def internal_meeting(state: State) -> None:
    """A meeting the holder of our office chairs with government people only (a Prime
    Minister's review with ministers and the Planning Commission): everyone sits on our
    side (tests/ingest/real/README.md)."""
    people = list(state.people.values())
    if not any(p.side == "ours" and _chairs_home(state, p.title) for p in people):
        return
    for person in people:
        org = org_of(state, person)
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


def _led_team(state: State, end: int) -> DraftOrganisation | None:
    """ "Mr. Shah Muhammad led the USAID-ERDA Team": the body whose team the person led."""
    m = LED_TEAM.match(state.text, end, min(len(state.text), end + 120))
    if not m:
        return None
    surface = m.group("org")
    found = org_for_surface(state, surface) or org_like(state, surface)
    if found is not None:
        return found
    if is_place(surface):
        return None
    acronym = surface if ACRONYM_RE.fullmatch(surface) else None
    return add_org(state, surface, acronym, state.sentence_at(end).text)


def _same_person_key(state: State, key: str) -> str:
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


def find_people(state: State) -> None:
    for sentence in state.sentences:
        delegation = delegation_org(state, sentence)
        # In a list ("Chairman PITB A, DG e-Governance B and GM IT C") a person whose title
        # names no body shares the body of the one named just before: only across a comma or
        # "and" (not "A called on B"), never across sentences, and never a ministry guessed
        # from a minister's title (the next person is not its minister).
        last_org: DraftOrganisation | None = None
        last_end = sentence.start
        taken = (0, 0)  # where the title after the last person named stands
        for m in PERSON_RE.finditer(sentence.text):
            start = sentence.start + m.start("name")
            tokens = _clean_name(m.group("name"))
            if not tokens or TITLE_HEAD_RE.fullmatch(" ".join(tokens)):
                continue  # "Focal Person": a title of two words, not a name
            name = " ".join(tokens)
            name_start = state.text.index(name, start)
            name_end = name_start + len(name)
            if any(
                o.end > name_start
                for o in starting_in(state.org_mentions, name_start - 400, name_start + 1)
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
            if before and taken[0] <= before[1] < taken[1]:
                # "A, Title X, B, Title Y": the title before B is A's, already taken; B's
                # is the one after (a list's titles never shift by one).
                before = None
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
            known = state.gazetteer.person(key)
            if not (after or before or honorific or known):
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
                lead_in = state.text[sentence.start : before[1]] if before else ""
                org = (
                    _provincial_department(state, title, lead_in)
                    if _is_provincial(title, lead_in)
                    else ministry_for(state, title, sentence.text)
                    or mission_for(state, title, sentence.text)
                ) or province_for(state, title, lead_in, sentence.text)
            listed_next = (
                last_org is not None
                and LIST_GAP.fullmatch(state.text[last_end : before[1] if before else title_start])
                # "Deputy Commissioner Abbottabad": an office of a place is not the body of
                # the one listed before.
                and not (title and title.split()[-1] in lx.CITIES)
            )
            org = (
                org
                or _led_team(state, name_end)
                or delegation
                or (last_org if listed_next else None)
            )
            person = DraftPerson(
                name=name,
                honorific=(honorific or "").rstrip(".") or (known.honorific if known else None),
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
            taken = (name_end, after[1]) if after else (0, 0)
            state.people[key] = person
            state.person_mentions.append(PersonMention(name_start, name_end, person))
    state.person_mentions.sort(key=lambda m: m.start)


def _by_surname(state: State, surname: str) -> DraftPerson | None:
    for person in state.people.values():
        if person.name.split()[-1] == surname:
            return person
    return None


def org_of(state: State, person: DraftPerson) -> DraftOrganisation | None:
    return next((o for o in state.orgs.values() if o.name == person.organisation), None)

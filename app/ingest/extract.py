"""Reading a press release or minutes into a draft meeting, with rules and gazetteers.

The pipeline, in order: clean the text and find its sentences; find organisations (known
names, "Full Name (ACR)", "ACR – Full Name", capitalised phrases with an organisational
word, lists after "organisations such as"); find people (a name next to a title, or with
an honorific, or already known) with their title and organisation; then who led, who
presented what, what was pledged by whom to whom, the date, the place, the kind of meeting
and its topics. Every proposal keeps the sentence it came from.
"""

from __future__ import annotations

import re
from datetime import date

from app.ingest import dates
from app.ingest import lexicon as lx
from app.ingest.draft import Draft
from app.ingest.gazetteer import Gazetteer
from app.ingest.organisations import (
    find_organisations,
    index_org_mentions,
    offices_by_abbreviation,
)
from app.ingest.people import (
    find_people,
    in_our_chairs_office,
    internal_meeting,
    listed_people,
    people_after_a_plural_title,
    people_sharing_a_title,
)
from app.ingest.pledges import (
    find_leads,
    find_pledges,
    find_presentations,
    lead_org,
    mutual_pledges,
)
from app.ingest.text import RUN, State, clean, sentences


def find_date(state: State) -> tuple[date | None, str]:
    found, position = dates.find_date(state.text)
    if found is None or position is None:
        return None, ""
    return found, state.sentence_at(position).text


def find_kind(text: str) -> str:
    for kind, pattern in lx.MEETING_KINDS:
        if re.search(pattern, text, re.I if kind != "site_visit" else 0):
            return kind
    return "working_meeting"


def find_place(state: State) -> tuple[str | None, str | None, str | None]:
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


def find_title(state: State, draft: Draft) -> str:
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
    counterpart = lead_org(state, "counterpart")
    ours = lead_org(state, "ours")
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


def find_topics(state: State) -> list[str]:
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
    state = State(text=cleaned, sentences=sentences(cleaned), gazetteer=gazetteer)
    find_organisations(state)
    people_after_a_plural_title(state)
    find_people(state)
    listed_people(state)
    people_sharing_a_title(state)
    in_our_chairs_office(state)
    internal_meeting(state)
    offices_by_abbreviation(state)
    index_org_mentions(state)  # organisations inferred from titles ("Ministry of …")
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

"""Who did what: who led each side, who presented what, and what was pledged by whom to
whom (one pledge per commitment; an MoU or "both sides agreed" is one each way)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from app.ingest import lexicon as lx
from app.ingest.draft import (
    DraftOrganisation,
    DraftPerson,
    DraftPledge,
    DraftPresentation,
)
from app.ingest.people import org_of
from app.ingest.text import (
    TITLE_ALTERNATION,
    Mention,
    OrgMention,
    PersonMention,
    Sentence,
    State,
    starting_in,
)
from app.matching import normalise

CLAUSE_SPLIT = re.compile(
    r";\s+|\s+and\s+(?:also\s+)?(?=(?:expressed|pledged|assured|agreed|committed|promised|vowed|offered)\b)"
)
PLURAL_SUBJECT = re.compile(
    r"^\s*(?:Representatives|They|These bodies|The bodies|The organi[sz]ations|All of them"
    r"|Participants)\b"
)
GENERIC_SUBJECT = re.compile(r"\b(?:government|leadership|side|delegation|administration)\b", re.I)
PRONOUN_SUBJECT = re.compile(r"^\s*(?:He|She)\b")
LED_BY = re.compile(r"\b(?:led|headed|chaired) by\s+")
PRESENTED = re.compile(
    r"\b(?:presented|gave a presentation on|made a presentation on|briefed(?: \w+)? (?:about|on)|"
    r"explained(?: how)?)\s+(?:the |a |an )?(?P<what>[^,.;]+)"
)


@dataclass
class Actor:
    person: DraftPerson | None = None
    org: DraftOrganisation | None = None
    group: list[DraftOrganisation] = field(default_factory=list)

    @property
    def orgs(self) -> list[DraftOrganisation]:
        return self.group or ([self.org] if self.org else [])


def _subject(state: State, start: int, end: int, previous: Actor | None) -> Actor | None:
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
                return Actor(person=person, org=org_of(state, person))
        if GENERIC_SUBJECT.search(clause[: ref.end() + 20]):
            lead = lead_org(state, "counterpart")
            if lead:
                return Actor(org=lead)
    if mention is None:
        return None
    if isinstance(mention, PersonMention):
        return Actor(person=mention.person, org=org_of(state, mention.person))
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


def _first_mention(state: State, start: int, end: int) -> OrgMention | PersonMention | None:
    found: list[Mention] = [
        *starting_in(state.org_mentions, start, end),
        *starting_in(state.person_mentions, start, end),
    ]
    return min(found, key=lambda m: m.start) if found else None


def lead_org(state: State, side: str) -> DraftOrganisation | None:
    orgs = [o for o in state.orgs.values() if o.side == side]
    led = [o for o in orgs if o.role == "led_delegation"]
    if led:
        return led[0]
    for person in state.people.values():
        if person.side == side and person.organisation:
            return state.orgs.get(normalise(person.organisation))
    return orgs[0] if orgs else None


def find_leads(state: State) -> None:
    for m in LED_BY.finditer(state.text):
        after = [p for p in state.person_mentions if p.start >= m.end() and p.start - m.end() < 60]
        if not after:
            continue
        person = after[0].person
        person.role = "led_delegation"
        org = org_of(state, person)
        if org:
            org.role = "led_delegation"
    for side in ("ours", "counterpart"):
        people = [p for p in state.people.values() if p.side == side]
        if people and not any(p.role == "led_delegation" for p in people):
            people[0].role = "led_delegation"
            org = org_of(state, people[0])
            if org and org.role != "led_delegation":
                org.role = "led_delegation"


def find_presentations(state: State) -> list[DraftPresentation]:
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
    state: State, start: int, end: int, makers: list[DraftOrganisation]
) -> DraftOrganisation | Literal[False] | None:
    """An organisation named after the cue; False if none; None for a broad group."""
    after = state.text[start:end]
    skip_until = (
        start + m.end() if (m := re.match(r"^\s*(?:that|the investors that)\b", after)) else start
    )
    between: list[Mention] = [
        *starting_in(state.org_mentions, skip_until, end),
        *starting_in(state.person_mentions, skip_until, end),
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
        org = mention.org if isinstance(mention, OrgMention) else org_of(state, mention.person)
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


def _is_party(state: State, org: DraftOrganisation) -> bool:
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


def find_pledges(state: State, kind: str) -> list[DraftPledge]:
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


def _signing_parties(state: State) -> list[DraftOrganisation]:
    """The bodies that signed an MoU or agreement: those named, or represented by the people
    named, in a sentence saying it was signed (a headline too)."""
    parties: list[DraftOrganisation] = []
    for sentence in state.sentences:
        for m in SIGNING.finditer(sentence.text):
            if NOT_YET.search(sentence.text[max(0, m.start() - 20) : m.start()]):
                continue
            mentions: list[Mention] = sorted(
                [
                    *starting_in(state.org_mentions, sentence.start, sentence.end),
                    *starting_in(state.person_mentions, sentence.start, sentence.end),
                ],
                key=lambda x: x.start,
            )
            for mention in mentions:
                org = (
                    mention.org
                    if isinstance(mention, OrgMention)
                    else org_of(state, mention.person)
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


def mutual_pledges(state: State, found: list[DraftPledge]) -> list[DraftPledge]:
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
        a, b = lead_org(state, "ours"), lead_org(state, "counterpart")
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
    state: State, actor: Actor, cue: re.Match[str], clause_end: int, kind: str, sentence: Sentence
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
                recipient = lead_org(state, other)
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

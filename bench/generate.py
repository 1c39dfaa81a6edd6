"""A synthetic authority of realistic shape, bulk-inserted with SQLAlchemy Core.

Deterministic (seeded), respects every constraint of the schema, and bypasses the ORM's
audit trail on purpose: this is history being loaded, not staff editing."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine, insert, text

from app.account.models import User
from app.commitment.models import ActionItem, FollowUp, Pledge, PledgeStatusChange, pledge_topic
from app.contact.models import Affiliation, Contact
from app.matching.upkeep import refresh_all as refresh_name_keys
from app.meeting.models import Meeting, Participant, meeting_topic
from app.organisation.last_met import refresh_last_met
from app.organisation.models import Organisation, OrganisationAlias
from app.tally.upkeep import rebuild_all as rebuild_tallies
from app.topic.models import Topic

SCALES = {
    "tiny": {"organisations": 60, "contacts": 300, "meetings": 800},
    "small": {"organisations": 100, "contacts": 600, "meetings": 2000},
    "large": {"organisations": 5000, "contacts": 30000, "meetings": 100000},
}
KINDS = [
    ("company", 40),
    ("industry_association", 8),
    ("academia", 10),
    ("provincial_government", 8),
    ("federal_government", 6),
    ("public_authority", 6),
    ("fund_or_investor", 6),
    ("programme", 5),
    ("development_partner", 5),
    ("civil_society", 4),
    ("media", 2),
]
PROVINCES = [
    ("punjab", 30),
    ("sindh", 25),
    ("khyber_pakhtunkhwa", 12),
    ("balochistan", 6),
    ("islamabad_capital_territory", 15),
    ("gilgit_baltistan", 2),
    ("azad_jammu_kashmir", 2),
    ("national", 6),
    ("international", 2),
]
CITIES = {
    "punjab": "Lahore",
    "sindh": "Karachi",
    "khyber_pakhtunkhwa": "Peshawar",
    "balochistan": "Quetta",
    "islamabad_capital_territory": "Islamabad",
    "gilgit_baltistan": "Gilgit",
    "azad_jammu_kashmir": "Muzaffarabad",
    "national": "Islamabad",
    "international": "Dubai",
}
WORDS = [
    "Digital",
    "Indus",
    "Crescent",
    "Margalla",
    "Ravi",
    "Karakoram",
    "Sapphire",
    "Nova",
    "Orbit",
    "Falcon",
    "Zenith",
    "Summit",
    "Delta",
    "Vertex",
    "Apex",
    "Silk Route",
    "Cedar",
]
SUFFIX = {
    "company": "Technologies",
    "industry_association": "Association",
    "academia": "University",
    "provincial_government": "Department",
    "federal_government": "Division",
    "public_authority": "Authority",
    "fund_or_investor": "Ventures",
    "programme": "Programme",
    "development_partner": "Foundation",
    "civil_society": "Network",
    "media": "News",
}
GIVEN = [
    "Amna",
    "Bilal",
    "Hina",
    "Usman",
    "Sana",
    "Faisal",
    "Ayesha",
    "Imran",
    "Zainab",
    "Omar",
    "Mariam",
    "Hamza",
    "Fatima",
    "Ali",
    "Nida",
    "Kamran",
    "Saima",
    "Tariq",
    "Rabia",
    "Asad",
]
FAMILY = [
    "Khan",
    "Ahmed",
    "Qureshi",
    "Siddiqui",
    "Malik",
    "Rajput",
    "Baig",
    "Hashmi",
    "Iqbal",
    "Chaudhry",
    "Shah",
    "Butt",
    "Mirza",
    "Abbasi",
    "Javed",
    "Raza",
    "Sheikh",
    "Awan",
]
TITLES = [
    "Chief Executive",
    "Director",
    "Secretary",
    "Additional Secretary",
    "President",
    "Vice Chancellor",
    "Managing Director",
    "Head of Partnerships",
    "Deputy Director",
]
TOPICS = [
    "zone-rollout",
    "incentives",
    "innovation-clusters",
    "investment",
    "skills",
    "freelancers",
    "policy",
    "infrastructure",
    "exports",
    "youth",
    "startups",
    "collaboration",
]
BATCH = 5000
NOW = datetime.now(UTC)


def _weighted(rng: random.Random, choices: list[tuple[str, int]]) -> str:
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


@dataclass
class Shape:
    organisations: int
    contacts: int
    meetings: int


class _Writer:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.timings: dict[str, tuple[int, float]] = {}

    def write(self, table, rows: list[dict]) -> None:  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        with self.engine.begin() as conn:
            for start in range(0, len(rows), BATCH):
                conn.execute(insert(table), rows[start : start + BATCH])
        count, spent = self.timings.get(table.name, (0, 0.0))
        self.timings[table.name] = (count + len(rows), spent + time.perf_counter() - started)


def _stamp() -> dict:
    return {"created_at": NOW, "updated_at": NOW}


def _tracked() -> dict:
    return {**_stamp(), "version": 1}


def generate(engine: Engine, scale: str, *, seed: int = 2026, today: date | None = None) -> dict:
    shape = Shape(**SCALES[scale])
    rng = random.Random(seed)
    today = today or date.today()
    out = _Writer(engine)
    users = [
        {
            "id": i,
            "email": f"staff{i}@stza.example",
            "display_name": f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}",
            "role": "editor",
            "active": True,
            **_stamp(),
        }
        for i in range(1, 41)
    ]
    out.write(User.__table__, users)
    out.write(
        Topic.__table__,
        [
            {
                "id": i,
                "slug": s,
                "name": s.replace("-", " ").capitalize(),
                "keywords": [],
                **_tracked(),
            }
            for i, s in enumerate(TOPICS, 1)
        ],
    )
    orgs, home = _organisations(rng, shape)
    out.write(Organisation.__table__, orgs)
    out.write(
        OrganisationAlias.__table__,
        [
            {"organisation_id": o["id"], "alias": f"{o['acronym']} {o['city']}", **_stamp()}
            for o in orgs
            if o["acronym"] and rng.random() < 0.3
        ],
    )
    contacts, affiliations, people_by_org = _people(rng, shape, orgs)
    out.write(Contact.__table__, contacts)
    out.write(Affiliation.__table__, affiliations)
    _meetings(rng, shape, out, orgs, home, people_by_org, today)
    started = time.perf_counter()
    with engine.begin() as conn:
        # Fresh tables have no statistics: without them PostgreSQL plans the refresh as a
        # scan of every meeting for each organisation (hours instead of seconds).
        conn.execute(text("ANALYZE"))
    with engine.begin() as conn:
        # Bulk inserts bypass the ORM, so the derived "last met" is filled in here, once.
        refresh_last_met(conn)
    out.timings["organisation.last_met_on"] = (shape.organisations, time.perf_counter() - started)
    started = time.perf_counter()
    with engine.begin() as conn:
        # ...and the flush hooks that keep the stored name keys (app.matching.upkeep).
        refresh_name_keys(conn)
    out.timings["name keys"] = (shape.contacts, time.perf_counter() - started)
    started = time.perf_counter()
    with engine.begin() as conn:
        # ...and the tallies the dashboard and the report read (app.tally.upkeep).
        rebuild_tallies(conn)
    out.timings["tallies"] = (shape.meetings, time.perf_counter() - started)
    if engine.dialect.name == "postgresql":
        # As autovacuum leaves a table in use: without the visibility map a count that an
        # index could answer alone reads every matching row from the table (the
        # dashboard's overdue counts: 15 to 27 ms each, against 3 to 8).
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            for table in (
                "organisation",
                "contact",
                "affiliation",
                "meeting",
                "participant",
                "pledge",
                "action_item",
                "follow_up",
                "user_account",
                "topic",
                "organisation_alias",
                "pledge_status_change",
            ):
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"coalesce((SELECT max(id) FROM {table}), 1))"
                    )
                )
            conn.execute(text("ANALYZE"))
        else:
            conn.execute(text("ANALYZE"))
    return out.timings


def _organisations(rng: random.Random, shape: Shape) -> tuple[list[dict], int]:
    orgs = [
        {
            "id": 1,
            "name": "Special Technology Zones Authority",
            "acronym": "STZA",
            "kind": "public_authority",
            "province": "national",
            "city": "Islamabad",
            "influence": 5,
            "interest": 5,
            "stance": "champion",
            "inferred_fields": [],
            **_tracked(),
        }
    ]
    for i in range(2, shape.organisations + 1):
        kind = _weighted(rng, KINDS)
        province = _weighted(rng, PROVINCES)
        name = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {SUFFIX[kind]} {i}"
        orgs.append(
            {
                "id": i,
                "name": name,
                "acronym": "".join(w[0] for w in name.split()[:3]) + str(i)
                if rng.random() < 0.5
                else None,
                "kind": kind,
                "province": province,
                "city": CITIES[province],
                "influence": rng.randint(1, 5) if rng.random() < 0.3 else None,
                "interest": rng.randint(1, 5) if rng.random() < 0.3 else None,
                "stance": rng.choice(["champion", "supportive", "neutral", "sceptical", "opposed"])
                if rng.random() < 0.3
                else None,
                "inferred_fields": [],
                **_tracked(),
            }
        )
    for org in orgs:
        org["influence"] = org["influence"] if org["interest"] else None
        org["interest"] = org["interest"] if org["influence"] else None
    return orgs, 1


def _people(rng: random.Random, shape: Shape, orgs: list[dict]):  # type: ignore[no-untyped-def]
    contacts, affiliations, by_org = [], [], {}
    weights = [1 / (i + 1) ** 0.8 for i in range(len(orgs))]  # a few busy bodies, a long tail
    aff_id = 1
    for i in range(1, shape.contacts + 1):
        contacts.append(
            {
                "id": i,
                "full_name": f"{rng.choice(GIVEN)} {rng.choice(FAMILY)} {i}",
                "honorific": rng.choice([None, None, "Dr", "Mr", "Ms", "Engr"]),
                "emails": [],
                "phones": [],
                "erased": False,
                **_tracked(),
            }
        )
        org = 1 if i <= 40 else rng.choices(orgs[1:], weights=weights[1:])[0]["id"]
        start = date(2014, 1, 1) + timedelta(days=rng.randint(0, 3000))
        ended = rng.random() < 0.2
        affiliations.append(
            {
                "id": aff_id,
                "contact_id": i,
                "organisation_id": org,
                "title": rng.choice(TITLES),
                "start_date": start,
                "end_date": start + timedelta(days=rng.randint(200, 1500)) if ended else None,
                "is_primary": True,
                "inferred_fields": [],
                **_tracked(),
            }
        )
        by_org.setdefault(org, []).append((i, aff_id))
        aff_id += 1
    return contacts, affiliations, by_org


def _meetings(rng, shape, out, orgs, home, people_by_org, today):  # type: ignore[no-untyped-def]
    weights = [1 / (i + 1) ** 0.8 for i in range(len(orgs))]
    start = today - timedelta(days=3650)
    meetings, participants, topics, pledges, history, pledge_topics = [], [], [], [], [], []
    actions, follow_ups = [], []
    kinds = [
        ("working_meeting", 50),
        ("event", 15),
        ("call", 20),
        ("site_visit", 8),
        ("signing", 4),
        ("other", 3),
    ]
    ours = people_by_org.get(home, [])
    for mid in range(1, shape.meetings + 1):
        day = start + timedelta(days=rng.randint(0, 3650 + 60))
        counterpart = rng.choices(orgs[1:], weights=weights[1:], k=rng.randint(1, 2))
        province = counterpart[0]["province"]
        meetings.append(
            {
                "id": mid,
                "title": f"{rng.choice(['Working meeting', 'Call', 'Roundtable', 'Visit'])} "
                f"with {counterpart[0]['name']}",
                "kind": _weighted(rng, kinds),
                "date": day,
                "date_confirmed": True,
                "province": province,
                "city": CITIES[province],
                "status": "planned" if day > today else "held",
                "summary": f"Discussed {rng.choice(TOPICS).replace('-', ' ')} and next steps.",
                "lead_id": rng.randint(1, 40),
                **_tracked(),
            }
        )
        position = 0
        participants.append(
            {
                "meeting_id": mid,
                "organisation_id": home,
                "contact_id": None,
                "affiliation_id": None,
                "side": "ours",
                "role": "led_delegation",
                "position": position,
                "inferred_fields": [],
                **_stamp(),
            }
        )
        if ours:
            contact, aff = rng.choice(ours)
            position += 1
            participants.append(
                {
                    "meeting_id": mid,
                    "organisation_id": home,
                    "contact_id": contact,
                    "affiliation_id": aff,
                    "side": "ours",
                    "role": "presented",
                    "position": position,
                    "inferred_fields": [],
                    **_stamp(),
                }
            )
        for org in counterpart:
            position += 1
            participants.append(
                {
                    "meeting_id": mid,
                    "organisation_id": org["id"],
                    "contact_id": None,
                    "affiliation_id": None,
                    "side": "counterpart",
                    "role": "attended",
                    "position": position,
                    "inferred_fields": [],
                    **_stamp(),
                }
            )
            people = people_by_org.get(org["id"])
            if people:
                contact, aff = rng.choice(people)
                position += 1
                participants.append(
                    {
                        "meeting_id": mid,
                        "organisation_id": org["id"],
                        "contact_id": contact,
                        "affiliation_id": aff,
                        "side": "counterpart",
                        "role": "led_delegation",
                        "position": position,
                        "inferred_fields": [],
                        **_stamp(),
                    }
                )
        for topic in rng.sample(range(1, len(TOPICS) + 1), rng.randint(1, 3)):
            topics.append({"meeting_id": mid, "topic_id": topic})
        if rng.random() < 0.6:
            pid = len(pledges) + 1
            status = rng.choice(["open", "open", "in_progress", "fulfilled", "fulfilled", "lapsed"])
            pledges.append(
                {
                    "id": pid,
                    "meeting_id": mid,
                    "maker_organisation_id": rng.choice([home, counterpart[0]["id"]]),
                    "recipient_organisation_id": counterpart[0]["id"]
                    if rng.random() < 0.7
                    else None,
                    "text": f"Support {rng.choice(TOPICS).replace('-', ' ')} in {province}",
                    "kind": rng.choice(["support", "collaboration", "deliverable", "policy"]),
                    "due_date": day + timedelta(days=rng.randint(30, 240)),
                    "status": status,
                    "inferred_fields": [],
                    **_tracked(),
                }
            )
            history.append({"pledge_id": pid, "to_status": status, "changed_at": NOW, **_stamp()})
            pledge_topics.append({"pledge_id": pid, "topic_id": rng.randint(1, len(TOPICS))})
        for _ in range(rng.choice([1, 1, 2, 2])):
            due = day + timedelta(days=rng.randint(7, 90))
            done = due < today and rng.random() < 0.85
            actions.append(
                {
                    "id": len(actions) + 1,
                    "text": f"Send {rng.choice(TOPICS).replace('-', ' ')} note",
                    "meeting_id": mid,
                    "organisation_id": counterpart[0]["id"],
                    "owner_id": rng.randint(1, 40),
                    "due_date": due,
                    "priority": "normal",
                    "status": "done" if done else "open",
                    "completed_at": NOW if done else None,
                    **_tracked(),
                }
            )
        if rng.random() < 0.8:
            due = day + timedelta(days=rng.randint(30, 120))
            follow_ups.append(
                {
                    "id": len(follow_ups) + 1,
                    "organisation_id": counterpart[0]["id"],
                    "due_date": due,
                    "channel": "meeting",
                    "purpose": "Next meeting",
                    "meeting_id": mid,
                    "owner_id": rng.randint(1, 40),
                    "status": "done" if due < today and rng.random() < 0.8 else "due",
                    "inferred_fields": [],
                    **_tracked(),
                }
            )
    out.write(Meeting.__table__, meetings)
    out.write(Participant.__table__, participants)
    out.write(meeting_topic, topics)
    out.write(Pledge.__table__, pledges)
    out.write(PledgeStatusChange.__table__, history)
    out.write(pledge_topic, pledge_topics)
    out.write(ActionItem.__table__, actions)
    out.write(FollowUp.__table__, follow_ups)

"""The kept tallies (app.tally) are what a full count from the records gives, whatever
sequence of writes, archives and restores came before; and the report and dashboard read
from them say what counting the records says. Runs on each engine the suite runs on."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from sqlalchemy import event, func, literal_column, select
from sqlalchemy.orm import selectinload

from app.archive import archive, restore
from app.commitment import registers
from app.commitment.models import ActionItem, FollowUp, Pledge, PledgeStatus
from app.dashboard import queries as dashboard
from app.meeting.api import MeetingQuery, meeting_resource
from app.meeting.models import Meeting, MeetingStatus, Participant
from app.meeting.queries import MeetingFilters, kept_total, kept_total_with, total_of
from app.organisation.models import Organisation
from app.report import queries as report_queries
from app.report import tallied
from app.report.filters import ReportFilters
from app.report.service import counted_figures, report_figures
from app.report.tallied import split
from app.tally.models import EVERY_TALLY, maker_tally
from app.tally.upkeep import rebuild_all

KINDS = ["working_meeting", "event", "call", "site_visit", "signing"]
PROVINCES = [None, "punjab", "sindh", "balochistan"]
STATUSES = [s.value for s in MeetingStatus]
ORGANISATION_KINDS = ["company", "industry_association", "provincial_government", "academia"]


def _kept(session) -> dict[str, list[tuple]]:
    return {t.name: sorted(tuple(r) for r in session.execute(select(t)).all()) for t in EVERY_TALLY}


def _random_day(rng: random.Random) -> date | None:
    if rng.random() < 0.08:
        return None
    return date(2025, 1, 1) + timedelta(days=rng.randint(-40, 420))


def _date(meeting: Meeting, day: date | None) -> None:
    meeting.date, meeting.date_confirmed = day, day is not None


class Office:
    """Random everyday changes made the way the app makes them: through the ORM, in
    transactions that each commit once."""

    def __init__(self, session, rng: random.Random) -> None:
        self.session, self.rng = session, rng
        self.bodies = [
            Organisation(name=f"Tally Body {n}", kind=rng.choice(ORGANISATION_KINDS))
            for n in range(6)
        ]
        session.add_all(self.bodies)
        session.flush()
        self.meetings: list[Meeting] = []
        self.items: list[Pledge | ActionItem | FollowUp] = []

    def log_meeting(self) -> None:
        rng = self.rng
        meeting = Meeting(
            title=f"Tally meeting {len(self.meetings)}",
            kind=rng.choice(KINDS),
            status=rng.choice(STATUSES),
            province=rng.choice(PROVINCES),
        )
        _date(meeting, _random_day(rng))
        meeting.participants = [
            Participant(organisation_id=body.id, side=rng.choice(["counterpart", "ours"]))
            for body in rng.sample(self.bodies, rng.randint(0, 3))
        ]
        self.session.add(meeting)
        self.session.flush()
        self.meetings.append(meeting)
        for _ in range(rng.randint(0, 3)):
            self.add_item(meeting)

    def add_item(self, meeting: Meeting) -> None:
        rng = self.rng
        due = date(2025, 1, 1) + timedelta(days=rng.randint(-30, 700))
        item: Pledge | ActionItem | FollowUp = rng.choice(
            [
                Pledge(
                    meeting_id=meeting.id,
                    maker_organisation_id=rng.choice(self.bodies).id,
                    text="We will",
                    status=rng.choice([s.value for s in PledgeStatus]),
                    due_date=due,
                ),
                ActionItem(
                    meeting_id=meeting.id,
                    text="Send",
                    status=rng.choice(["open", "in_progress", "done"]),
                    due_date=due if rng.random() < 0.8 else None,
                ),
                FollowUp(
                    meeting_id=meeting.id,
                    organisation_id=rng.choice(self.bodies).id,
                    purpose="Call",
                    due_date=due,
                ),
            ]
        )
        self.session.add(item)
        self.items.append(item)

    def change(self) -> None:
        rng, session = self.rng, self.session
        if not self.meetings:
            return self.log_meeting()
        meeting = rng.choice(self.meetings)
        action = rng.randrange(13)
        if action == 0:
            self.log_meeting()
        elif action == 1:
            _date(meeting, _random_day(rng))
        elif action == 2:
            meeting.status = rng.choice(STATUSES)
            meeting.kind = rng.choice(KINDS)
        elif action == 3:
            meeting.province = rng.choice(PROVINCES)
        elif action == 4:
            archive(meeting) if meeting.archived_at is None else restore(meeting)
        elif action == 5:
            self.add_item(meeting)
        elif action == 6 and self.items:
            item = rng.choice(self.items)
            archive(item) if item.archived_at is None else restore(item)
        elif action == 7 and self.items:
            item = rng.choice(self.items)
            item.status = {
                Pledge: rng.choice([s.value for s in PledgeStatus]),
                ActionItem: rng.choice(["open", "in_progress", "done"]),
                FollowUp: rng.choice(["due", "done"]),
            }[type(item)]
            if isinstance(item, Pledge):  # and passed to the next body (no draw: same runs)
                bodies = [body.id for body in self.bodies]
                maker = item.maker_organisation_id
                item.maker_organisation_id = bodies[(bodies.index(maker) + 1) % len(bodies)]
        elif action == 8:
            body = rng.choice(self.bodies)
            body.kind = rng.choice(ORGANISATION_KINDS)
        elif action == 9:
            participants = session.scalars(
                select(Participant).where(Participant.meeting_id == meeting.id)
            ).all()
            if participants:
                session.delete(rng.choice(participants))
            else:
                body = rng.choice(self.bodies)
                session.add(
                    Participant(meeting_id=meeting.id, organisation_id=body.id, side="counterpart")
                )
        elif action == 10 and self.items:
            item = rng.choice(self.items)
            item.meeting_id = rng.choice(self.meetings).id  # moved to another meeting
        elif action == 11 and self.items:
            item = rng.choice(self.items)
            if isinstance(item, FollowUp):  # a follow-up always has a due date
                item.due_date = date(2025, 1, 1) + timedelta(days=rng.randint(-30, 700))
            else:
                item.due_date = rng.choice(
                    [None, date(2025, 1, 1) + timedelta(days=rng.randint(-30, 700))]
                )
        elif action == 12 and self.items:
            gone = self.items.pop(rng.randrange(len(self.items)))
            session.expunge(gone) if gone in session.new else session.delete(gone)
        return None


def _after_changes(session, rng: random.Random, changes: int) -> Office:
    """An office after `changes` random everyday changes, committed."""
    office = Office(session, rng)
    for _ in range(changes):
        office.change()
    session.commit()
    return office


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_kept_figures_equal_a_full_recount_after_random_changes(session, seed):
    rng = random.Random(seed)
    office = Office(session, rng)
    session.commit()
    for _ in range(6):
        for _ in range(rng.randint(3, 12)):
            office.change()
        session.commit()
        kept = _kept(session)
        rebuild_all(session.connection())
        assert _kept(session) == kept
    assert any(rows for rows in kept.values())


def test_a_rolled_back_change_leaves_the_tallies_as_they_were(session):
    Office(session, random.Random(5)).log_meeting()
    session.commit()
    before = _kept(session)
    session.add(Meeting(title="Saved in March", kind="call", date=date(2025, 3, 3), status="held"))
    session.commit()
    saved = _kept(session)
    assert saved != before  # March counts the meeting
    session.add(Meeting(title="Undone", kind="call", date=date(2025, 3, 4), status="held"))
    session.flush()
    assert _kept(session) != saved  # counted with the flush, in its transaction...
    session.rollback()
    assert _kept(session) == saved  # ...and undone with it
    rebuild_all(session.connection())
    assert _kept(session) == saved


def _statements_run(session, change) -> list[str]:
    """The SQL `change(session)` and its commit send, in order."""
    sent: list[str] = []

    def note(_conn, _cursor, statement, *_args) -> None:
        sent.append(" ".join(statement.split()))

    bind = session.get_bind()
    event.listen(bind, "before_cursor_execute", note)
    try:
        change(session)
        session.commit()
    finally:
        event.remove(bind, "before_cursor_execute", note)
    return sent


def test_a_change_counts_again_only_its_own_meeting_unless_a_bodys_kind_moved(session):
    """The tally statements a save runs find its meeting by id alone (with the meetings of
    bodies whose kind moved beside them as an OR, PostgreSQL walked every meeting and
    participant for each of them: a pledge's status took 400 ms at `large`), and only
    those of the tallies that read what it changed run. When a body's kind does move,
    all of its meetings are counted again, and the figures stay what a recount gives."""
    office = _after_changes(session, random.Random(13), 30)
    pledge = next(item for item in office.items if isinstance(item, Pledge))
    of_bodies = "participant.organisation_id IN"

    def new_status(s) -> None:
        pledge.status = "withdrawn" if pledge.status != "withdrawn" else "open"

    sent = _statements_run(session, new_status)
    counting = [s for s in sent if s.startswith("SELECT meeting.date")]
    # Only the tallies a pledge moves (pledges by day, commitments), before and after.
    assert len(counting) == 4
    assert all("JOIN meeting ON meeting.id = pledge.meeting_id" in s for s in counting)
    assert not [s for s in counting if of_bodies in s]

    body = next(b for b in office.bodies if b.kind != "academia")

    def new_kind(s) -> None:
        body.kind = "academia"

    sent = _statements_run(session, new_kind)
    # The bodies' other meetings are counted only for the tally by kind of body, before
    # and after: every tally over them took a busy body's kind 0.9 s at `large`.
    of_its_bodies = [s for s in sent if s.startswith("SELECT meeting.date") and of_bodies in s]
    assert len(of_its_bodies) == 2
    assert all(s.startswith("SELECT meeting.date, organisation.kind") for s in of_its_bodies)
    kept = _kept(session)
    rebuild_all(session.connection())
    assert _kept(session) == kept


def test_a_bodys_kind_saved_with_a_change_to_one_of_its_meetings_counts_both(session):
    """A body's kind and a pledge of one of its meetings in one flush: that meeting is
    counted as touched, and the bodies' scope leaves it out, so the touched meetings
    must be counted by kind of body too."""
    office = _after_changes(session, random.Random(21), 30)
    body = office.bodies[0]
    meeting = Meeting(title="Met the body", kind="call", date=date(2025, 5, 6), status="held")
    meeting.participants = [Participant(organisation_id=body.id, side="counterpart")]
    session.add(meeting)
    session.flush()
    pledge = Pledge(
        meeting_id=meeting.id, maker_organisation_id=body.id, text="We will", status="open"
    )
    session.add(pledge)
    session.commit()
    pledge.status = "withdrawn" if pledge.status != "withdrawn" else "open"
    body.kind = "media"
    session.commit()
    kept = _kept(session)
    rebuild_all(session.connection())
    assert _kept(session) == kept


def _periods(rng: random.Random) -> list[tuple[date, date]]:
    periods = [
        (date(2025, 1, 1), date(2025, 12, 31)),  # whole months only
        (date(2025, 1, 15), date(2025, 11, 3)),  # edges both sides
        (date(2025, 3, 2), date(2025, 3, 30)),  # inside one month: counted from records
        (date(2024, 12, 1), date(2026, 2, 28)),
    ]
    for _ in range(6):
        start = date(2024, 11, 1) + timedelta(days=rng.randint(0, 400))
        periods.append((start, start + timedelta(days=rng.randint(0, 300))))
    return periods


def test_the_report_from_the_tallies_says_what_counting_the_records_says(session):
    office = _after_changes(session, random.Random(7), 60)
    rng = office.rng
    today = date(2025, 8, 20)
    compared = 0
    for start, end in _periods(rng):
        for kind, province in [(None, None), ("call", None), (None, "punjab"), ("call", "sindh")]:
            filters = ReportFilters(start=start, end=end, meeting_kind=kind, province=province)
            tallied = report_figures(session, filters, today)
            counted = counted_figures(session, filters, today)
            assert vars(tallied) == vars(counted), (start, end, kind, province)
            compared += split(filters) is not None
    assert compared >= 20  # most periods were read from the tallies


def test_the_bodies_met_most_often_cut_where_counting_cuts_them(session):
    """The bodies met most often in whole months, read from the tally: with a limit below
    the number of bodies, ties at the cut included, the names and counts are what
    counting the records gives."""
    _after_changes(session, random.Random(17), 80)
    # Two bodies met more than any other and as often as each other, the later named first.
    tied = [Organisation(name=name, kind="company") for name in ("Zed Tie", "Abel Tie")]
    session.add_all(tied)
    session.flush()
    for day in range(1, 40):
        meeting = Meeting(title="Tie", kind="call", status="held", date=date(2025, 3, 1 + day % 28))
        meeting.participants = [Participant(organisation_id=b.id, side="counterpart") for b in tied]
        session.add(meeting)
    session.commit()
    compared = 0
    for start, end in [
        (date(2025, 1, 1), date(2025, 12, 31)),
        (date(2025, 3, 1), date(2025, 8, 31)),
    ]:
        filters = ReportFilters(start=start, end=end)
        cut = split(filters)
        assert cut is not None
        assert not cut.edges
        ids = report_queries.meeting_ids(filters)
        for limit in range(1, 7):
            kept = tallied.engaged(session, filters, cut, limit)
            counted = report_queries.engaged_organisations(session, ids, limit)
            assert kept == counted, (start, end, limit)
            compared += kept[0] > limit
        # The tie at the top is cut by name.
        assert tallied.engaged(session, filters, cut, 1)[1] == [("Abel Tie", 39)]
        assert [name for name, _ in tallied.engaged(session, filters, cut, 2)[1]] == [
            "Abel Tie",
            "Zed Tie",
        ]
    assert compared  # some cut fell below the number of bodies


def test_the_dashboard_from_the_tallies_says_what_counting_the_records_says(session):
    office = _after_changes(session, random.Random(11), 60)
    today = date(2025, 8, 20)
    live = (Meeting.archived_at.is_(None), Meeting.status != MeetingStatus.cancelled.value)
    since = dashboard.twelve_months(today)

    province = func.coalesce(Meeting.province, literal_column("''"))
    by_province = dict(
        session.execute(
            select(province, func.count()).where(*live, Meeting.date >= since).group_by(province)
        ).all()
    )
    from app.organisation.models import PROVINCE_LABELS

    assert dict(dashboard.meetings_by_province(session, since)) == {
        (PROVINCE_LABELS.get(p) or "Not recorded"): n for p, n in by_province.items()
    }
    this_quarter = dashboard.quarter_start(today)
    counted = session.scalar(
        select(func.count()).where(
            *live, Meeting.date >= this_quarter, Meeting.date < date(2025, 10, 1)
        )
    )
    assert dashboard.figures(session, today, None, {}).meetings_this_quarter == counted
    per_month = dict(dashboard.meetings_per_month(session, today))
    august = session.scalar(
        select(func.count()).where(*live, Meeting.date >= date(2025, 8, 1), Meeting.date <= today)
    )
    assert per_month["Aug 25"] == august
    pledges = dict(
        session.execute(
            select(Pledge.status, func.count())
            .where(Pledge.archived_at.is_(None))
            .group_by(Pledge.status)
        ).all()
    )
    assert {
        s: n for s, n in dashboard.pledges_by_status(dashboard.pledge_counts(session)) if n
    } == {s.replace("_", " ").capitalize(): n for s, n in pledges.items()}
    meeting, body = office.meetings[0], office.bodies[0]
    late = date(2025, 8, 1)  # one more of each overdue, so that none of the three is 0
    last_week = Meeting(title="Last week", kind="call", status="held", date=today - timedelta(7))
    session.add(last_week)
    session.flush()
    session.add_all(
        [
            Pledge(meeting_id=last_week.id, maker_organisation_id=body.id, text="We will write"),
            Pledge(meeting_id=meeting.id, maker_organisation_id=body.id, text="W", due_date=late),
            ActionItem(meeting_id=meeting.id, text="Send", due_date=late),
            FollowUp(meeting_id=meeting.id, organisation_id=body.id, purpose="C", due_date=late),
        ]
    )
    session.commit()
    figures = dashboard.figures(session, today, None, {})
    assert figures.overdue_pledges_by_us == 0  # no home organisation: we owe nothing
    for model, still_open, figure in (
        (Pledge, Pledge.status.in_(["open", "in_progress"]), figures.overdue_pledges_to_us),
        (ActionItem, ActionItem.status.in_(["open", "in_progress"]), figures.overdue_actions),
        (FollowUp, FollowUp.status == "due", figures.overdue_follow_ups),
    ):
        overdue = select(func.count()).where(
            model.archived_at.is_(None), still_open, model.due_date < today
        )
        assert figure == session.scalar(overdue), model
        assert figure, model
    next_week = select(func.count()).where(
        FollowUp.archived_at.is_(None),
        FollowUp.status == "due",
        FollowUp.due_date.between(today, today + timedelta(days=7)),
    )
    assert figures.follow_ups_next_7_days == session.scalar(next_week)

    made_in_30_days = (
        select(func.count())
        .select_from(Pledge)
        .join(Meeting, Meeting.id == Pledge.meeting_id)
        .where(Pledge.archived_at.is_(None), Meeting.date.between(today - timedelta(30), today))
    )
    assert figures.pledges_made_last_30_days == session.scalar(made_in_30_days)
    assert figures.pledges_made_last_30_days
    for home in office.bodies:
        ours = dashboard.figures(session, today, home.id, {})
        by_home = select(func.count()).where(
            Pledge.archived_at.is_(None),
            Pledge.status.in_(["open", "in_progress"]),
            Pledge.due_date < today,
            Pledge.maker_organisation_id == home.id,
        )
        assert ours.overdue_pledges_by_us == session.scalar(by_home), home.name
        assert ours.overdue_pledges_by_us + ours.overdue_pledges_to_us == (
            figures.overdue_pledges_to_us
        )
    assert body.id in {p.maker_organisation_id for p in session.scalars(select(Pledge))}


def test_the_meeting_lists_total_from_the_tally_is_the_records_count(session):
    office = _after_changes(session, random.Random(13), 80)
    undated = session.scalar(select(func.count()).where(Meeting.date.is_(None)))
    assert undated  # meetings with no date are listed, and counted, too
    for kind in [None, *KINDS]:
        for status in [None, *STATUSES, "not_cancelled"]:
            for province in [None, *PROVINCES[1:]]:
                chosen = [
                    getattr(Meeting, name) == value
                    for name, value in (("kind", kind), ("status", status), ("province", province))
                    if value not in (None, "not_cancelled")
                ]
                if status == "not_cancelled":  # the list's "Any but cancelled"
                    chosen.append(Meeting.status != "cancelled")
                counted = session.scalar(
                    select(func.count()).where(Meeting.archived_at.is_(None), *chosen)
                )
                assert kept_total(session, kind, status, province) == counted
    for body in office.bodies:
        took_part = select(Participant.meeting_id).where(Participant.organisation_id == body.id)
        counted = session.scalar(
            select(func.count()).where(Meeting.archived_at.is_(None), Meeting.id.in_(took_part))
        )
        listed = total_of(session, MeetingFilters(organisation=body.id), {"sort"})
        api_listed = meeting_resource.total_of(session, MeetingQuery(organisation_id=body.id))
        assert listed is not None
        assert api_listed is not None
        assert listed() == api_listed() == counted
    assert any(kept_total_with(session, body.id) for body in office.bodies)


def test_the_pledge_registers_choices_are_the_bodies_that_made_the_most_pledges(
    session, monkeypatch
):
    """The maker tally is what counting the live pledges by maker gives, after makers
    changed, pledges were archived, restored and deleted; and the register's "Made by"
    choices read from it are the bodies that made the most."""
    _after_changes(session, random.Random(13), 80)
    counted = session.execute(
        select(Pledge.maker_organisation_id, func.count())
        .where(Pledge.archived_at.is_(None))
        .group_by(Pledge.maker_organisation_id)
    ).all()
    assert dict(session.execute(select(maker_tally)).all()) == dict(counted)
    monkeypatch.setattr(registers, "PARTY_CHOICES", 3)
    busiest = sorted(counted, key=lambda row: (-row[1], row[0]))[:3]
    chosen = registers.pledge_parties(session, [])
    assert {body.id for body in chosen} == {maker for maker, _ in busiest}


def test_people_dropped_from_a_meeting_leave_its_tallies(session):
    """The meeting form saves a meeting's people as a new list: those left out are removed
    as orphans during the flush, their meeting id untouched before it."""
    office = _after_changes(session, random.Random(19), 10)
    meeting = Meeting(title="Dropped", kind="call", status="held", date=date(2025, 5, 5))
    meeting.participants = [
        Participant(organisation_id=b.id, side="counterpart") for b in office.bodies[:3]
    ]
    session.add(meeting)
    session.commit()
    loaded = session.scalars(
        select(Meeting).where(Meeting.id == meeting.id).options(selectinload(Meeting.participants))
    ).one()
    kept = _kept(session)
    loaded.participants = loaded.participants[:2]  # one left out, no one new
    session.commit()
    assert _kept(session) != kept
    kept = _kept(session)
    rebuild_all(session.connection())
    assert _kept(session) == kept
    loaded.participants = [Participant(organisation_id=office.bodies[4].id, side="counterpart")]
    session.commit()
    kept = _kept(session)
    rebuild_all(session.connection())
    assert _kept(session) == kept


def test_a_meeting_saved_with_no_one_left_leaves_every_tally_as_counted(api, session):
    """Through the API, as a form or another system saves it: everyone taken out of a
    meeting's people, and no one new."""
    bodies = [o["id"] for o in api.get("/api/v1/organisations").json()["items"][:2]]
    created = api.post(
        "/api/v1/meetings",
        json={
            "title": "Everyone taken out",
            "kind": "call",
            "date": "2025-05-06",
            "participants": [{"organisation_id": b, "side": "counterpart"} for b in bodies],
        },
    )
    url = f"/api/v1/meetings/{created.json()['id']}"
    before = _kept(session)
    emptied = api.patch(
        url, json={"participants": []}, headers={"If-Match": created.headers["etag"]}
    )
    assert emptied.json()["participants"] == []
    session.expire_all()
    kept = _kept(session)
    assert kept["body_meeting_tally"] != before["body_meeting_tally"]
    rebuild_all(session.connection())
    assert _kept(session) == kept

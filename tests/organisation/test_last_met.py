"""`last_met_on` follows every change that moves an organisation's latest held meeting."""

from __future__ import annotations

import random
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.archive import archive
from app.meeting.models import Meeting, Participant
from app.organisation.last_met import refresh_last_met
from app.organisation.models import Organisation
from tests.tally.test_tallies import Office


def _org(api, acronym: str) -> dict:
    return next(
        o
        for o in api.get("/api/v1/organisations", params={"q": acronym}).json()["items"]
        if o["acronym"] == acronym
    )


def _last_met(session, org_id: int):
    session.expire_all()
    return session.scalar(select(Organisation.last_met_on).where(Organisation.id == org_id))


def test_last_met_follows_meetings(api, session):
    pasha, pafla = _org(api, "PASHA")["id"], _org(api, "PAFLA")["id"]
    before = _last_met(session, pasha)
    created = api.post(
        "/api/v1/meetings",
        json={
            "title": "Review with PASHA",
            "kind": "call",
            "date": "2026-11-20",
            "participants": [{"organisation_id": pasha, "side": "counterpart"}],
        },
    )
    url, etag = f"/api/v1/meetings/{created.json()['id']}", created.headers["etag"]
    assert str(_last_met(session, pasha)) == "2026-11-20"

    moved = api.patch(url, json={"date": "2026-11-21"}, headers={"If-Match": etag})
    assert str(_last_met(session, pasha)) == "2026-11-21"

    swapped = api.patch(
        url,
        json={"participants": [{"organisation_id": pafla, "side": "counterpart"}]},
        headers={"If-Match": moved.headers["etag"]},
    )
    assert _last_met(session, pasha) == before  # back to what it was
    assert str(_last_met(session, pafla)) == "2026-11-21"

    planned = api.patch(
        url, json={"status": "planned"}, headers={"If-Match": swapped.headers["etag"]}
    )
    assert str(_last_met(session, pafla)) != "2026-11-21"  # a planned meeting is not contact
    api.patch(url, json={"status": "held"}, headers={"If-Match": planned.headers["etag"]})
    assert str(_last_met(session, pafla)) == "2026-11-21"
    api.post(f"{url}/archive")
    assert str(_last_met(session, pafla)) != "2026-11-21"


def test_dashboard_lists_an_organisation_gone_cold(client, api, session):
    pafla = _org(api, "PAFLA")["id"]
    api.post(
        "/api/v1/meetings",
        json={
            "title": "Old call",
            "kind": "call",
            "date": "2019-01-10",
            "participants": [{"organisation_id": pafla, "side": "counterpart"}],
        },
    )
    page = client.get("/").text
    cold = page.split('id="going-cold"', 1)[1].split("</section>", 1)[0]
    assert ">PAFLA</a>" in cold
    assert "10 Jan 2019" in cold


def test_filter_choices_are_the_most_recently_met_plus_those_chosen(session):
    from app.organisation.queries import recently_met_choices

    met = session.scalars(
        select(Organisation)
        .where(Organisation.last_met_on.is_not(None))
        .order_by(Organisation.last_met_on.desc(), Organisation.id)
    ).first()
    never = session.scalars(select(Organisation).where(Organisation.last_met_on.is_(None))).first()
    choices, cut = recently_met_choices(session, [never.id], limit=1)
    assert cut
    assert {name for _, name in choices} == {met.name, never.name}
    everything, cut = recently_met_choices(session, [], limit=10_000)
    assert not cut
    assert len(everything) == session.scalar(
        select(func.count()).select_from(Organisation).where(Organisation.archived_at.is_(None))
    )


def _kept_last_met(session) -> dict[int, object]:
    return dict(session.execute(select(Organisation.id, Organisation.last_met_on)).all())


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_last_met_after_random_changes_is_what_counting_every_meeting_gives(session, seed):
    """Kept by difference (app.organisation.last_met): after random sequences of new
    meetings, dates, statuses, archives and restores, people added, removed and moved to
    another body or meeting, each organisation's latest meeting is what counting all of
    its meetings again gives."""
    rng = random.Random(seed)
    office = Office(session, rng)
    session.commit()
    for _ in range(10):
        for _ in range(rng.randint(2, 10)):
            _change(session, office, rng)
        session.commit()
        _assert_as_counted(session)

    # And a latest meeting taken away for certain: a body's newest meeting archived.
    body = office.bodies[0].id
    newest = Meeting(title="Newest", kind="call", status="held", date=date(2030, 1, 10))
    newest.participants = [Participant(organisation_id=body, side="counterpart")]
    session.add(newest)
    session.commit()
    assert _kept_last_met(session)[body] == date(2030, 1, 10)
    archive(newest)
    session.commit()
    _assert_as_counted(session)
    assert _kept_last_met(session)[body] != date(2030, 1, 10)

    # Or by leaving it: deleted from its people, dropped from the list of them (as the
    # meeting form saves), or moved to another body.
    for n, leave in enumerate((_deleted, _dropped, _moved_to_another_body)):
        day = date(2031, 1, 10 + n)
        newest = Meeting(title=f"Newest {n}", kind="call", status="held", date=day)
        newest.participants = [
            Participant(organisation_id=b.id, side="counterpart") for b in office.bodies[:2]
        ]
        session.add(newest)
        session.commit()
        assert _kept_last_met(session)[body] == day
        leave(session, newest.id, body, office.bodies[2].id)
        session.commit()
        _assert_as_counted(session)
        assert _kept_last_met(session)[body] != day, leave


def _participant_of(session, meeting_id: int, body: int) -> Participant:
    return session.scalars(
        select(Participant).where(
            Participant.meeting_id == meeting_id, Participant.organisation_id == body
        )
    ).one()


def _deleted(session, meeting_id: int, body: int, _other: int) -> None:
    session.delete(_participant_of(session, meeting_id, body))


def _dropped(session, meeting_id: int, body: int, _other: int) -> None:
    meeting = session.scalars(
        select(Meeting).where(Meeting.id == meeting_id).options(selectinload(Meeting.participants))
    ).one()
    meeting.participants = [p for p in meeting.participants if p.organisation_id != body]


def _moved_to_another_body(session, meeting_id: int, body: int, other: int) -> None:
    _participant_of(session, meeting_id, body).organisation_id = other


def _change(session, office: Office, rng: random.Random) -> None:
    """One of the office's everyday changes (app.tally's test), or one that moves people:
    someone joins a meeting, moves to another body or another meeting; a meeting held."""
    if not office.meetings or rng.random() < 0.4:
        return office.change()
    meeting = rng.choice(office.meetings)
    someone = session.scalars(
        select(Participant).where(Participant.meeting_id.in_([m.id for m in office.meetings]))
    ).first()
    step = rng.randrange(4)
    if step == 0 or someone is None:
        body = rng.choice(office.bodies)
        session.add(Participant(meeting_id=meeting.id, organisation_id=body.id, side="counterpart"))
    elif step == 1:
        someone.organisation_id = rng.choice(office.bodies).id
    elif step == 2:
        someone.meeting_id = meeting.id
    else:
        meeting.status = "held"
    return None


def _assert_as_counted(session) -> None:
    kept = _kept_last_met(session)
    refresh_last_met(session.connection())
    assert _kept_last_met(session) == kept
    session.commit()

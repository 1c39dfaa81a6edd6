"""`last_met_on` follows every change that moves an organisation's latest held meeting."""

from __future__ import annotations

from sqlalchemy import func, select

from app.organisation.models import Organisation


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

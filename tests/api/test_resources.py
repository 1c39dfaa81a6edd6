"""Contract tests: each resource lists, filters, reads, creates, updates with If-Match,
archives and restores, with problem details for every refusal."""

from __future__ import annotations

import pytest

PROBLEM = "application/problem+json"


def _org_id(api, acronym: str) -> int:
    found = api.get("/api/v1/organisations", params={"q": acronym}).json()["items"]
    return next(o["id"] for o in found if o["acronym"] == acronym)


def test_organisations_list_filters_sorts_and_paginates(api):
    body = api.get("/api/v1/organisations", params={"per_page": 2, "sort": "name"}).json()
    assert body["per_page"] == 2
    assert len(body["items"]) == 2
    assert body["total"] >= 5
    assert body["pages"] == -(-body["total"] // 2)
    names = [o["name"] for o in body["items"]]
    assert names == sorted(names)
    associations = api.get(
        "/api/v1/organisations", params={"kind": "industry_association", "per_page": 100}
    ).json()["items"]
    assert {"PASHA", "PAFLA"} <= {o["acronym"] for o in associations}
    assert all(o["kind"] == "industry_association" for o in associations)


def test_unknown_filter_or_sort_is_a_clear_problem(api):
    response = api.get("/api/v1/organisations", params={"sort": "password"})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith(PROBLEM)
    assert "Cannot sort by “password”" in response.json()["detail"]
    response = api.get("/api/v1/organisations", params={"colour": "red"})
    assert response.status_code == 422


def test_create_get_update_with_etag_and_archive_an_organisation(api, admin_api):
    created = api.post(
        "/api/v1/organisations",
        json={
            "name": "Punjab Information Technology Board",
            "acronym": "PITB",
            "aliases": ["PITB Lahore"],
            "kind": "public_authority",
            "province": "punjab",
            "influence": 4,
        },
    )
    assert created.status_code == 201, created.text
    record = created.json()
    assert created.headers["location"] == f"/api/v1/organisations/{record['id']}"
    assert created.headers["etag"] == '"1"'
    assert record["version"] == 1
    assert record["aliases"] == ["PITB Lahore"]
    assert record["province"] == "punjab"

    url = f"/api/v1/organisations/{record['id']}"
    assert api.get(url).json()["name"] == "Punjab Information Technology Board"

    no_match = api.patch(url, json={"city": "Lahore"})
    assert no_match.status_code == 428
    assert "If-Match" in no_match.json()["detail"]

    updated = api.patch(url, json={"city": "Lahore"}, headers={"If-Match": '"1"'})
    assert updated.status_code == 200, updated.text
    assert updated.json()["city"] == "Lahore"
    assert updated.json()["acronym"] == "PITB"
    assert updated.headers["etag"] == '"2"'

    stale = api.patch(url, json={"city": "Rawalpindi"}, headers={"If-Match": '"1"'})
    assert stale.status_code == 412
    assert stale.headers["etag"] == '"2"'
    assert api.get(url).json()["city"] == "Lahore"  # the stale update changed nothing

    archived = api.post(f"{url}/archive")
    assert archived.json()["archived_at"] is not None
    listed = api.get("/api/v1/organisations", params={"q": "PITB"}).json()["items"]
    assert listed == []
    with_archived = api.get(
        "/api/v1/organisations", params={"q": "PITB", "include_archived": True}
    ).json()
    assert [o["acronym"] for o in with_archived["items"]] == ["PITB"]
    assert api.post(f"{url}/restore").status_code == 403  # restoring is for administrators
    assert admin_api.post(f"{url}/restore").json()["archived_at"] is None


def test_duplicate_names_and_missing_references_are_refused_with_fields(api):
    duplicate = api.post("/api/v1/organisations", json={"name": "pasha", "kind": "company"})
    assert duplicate.status_code == 422
    assert duplicate.json()["errors"][0]["field"] == "name"
    orphan = api.post(
        "/api/v1/organisations", json={"name": "New Body", "kind": "company", "parent_id": 99999}
    )
    assert orphan.status_code == 422
    assert "no organisation with id 99999" in orphan.json()["detail"]
    empty = api.patch(
        f"/api/v1/organisations/{_org_id(api, 'PASHA')}",
        json={"name": None},
        headers={
            "If-Match": api.get(f"/api/v1/organisations/{_org_id(api, 'PASHA')}").headers["etag"]
        },
    )
    assert empty.status_code == 422
    assert "cannot be emptied" in empty.text


def test_viewer_token_reads_but_cannot_write(viewer_api):
    assert viewer_api.get("/api/v1/meetings").status_code == 200
    refused = viewer_api.post("/api/v1/contacts", json={"full_name": "Someone"})
    assert refused.status_code == 403
    assert refused.headers["content-type"].startswith(PROBLEM)


def test_missing_or_revoked_token_is_refused(api, app, session):
    from app.api.tokens import revoke_api_token, user_for_api_token

    anonymous = api.get("/api/v1/meetings", headers={"Authorization": "Bearer nope"})
    assert anonymous.status_code == 401
    assert anonymous.headers["www-authenticate"].startswith("Bearer")
    user = user_for_api_token(session, api.secret)
    token_id = session.execute(
        __import__("sqlalchemy").text("SELECT id FROM api_token WHERE user_id = :u"), {"u": user.id}
    ).scalar_one()
    revoke_api_token(session, user.id, token_id)
    session.commit()
    assert api.get("/api/v1/meetings").status_code == 401


def test_seeded_meeting_reads_with_participants_and_topics(api):
    meetings = api.get("/api/v1/meetings", params={"q": "Sindh"}).json()["items"]
    assert len(meetings) == 1
    meeting = meetings[0]
    assert meeting["date"] == "2022-06-22"
    assert meeting["date_confirmed"] is False
    sides = {p["side"] for p in meeting["participants"]}
    assert sides == {"ours", "counterpart"}
    assert meeting["topic_ids"]
    by_org = api.get("/api/v1/meetings", params={"organisation_id": _org_id(api, "PASHA")}).json()[
        "items"
    ]
    assert by_org
    assert all(
        any(p["organisation_id"] == _org_id(api, "PASHA") for p in m["participants"])
        for m in by_org
    )


def test_meeting_create_and_replace_participants(api):
    pasha, stza = _org_id(api, "PASHA"), _org_id(api, "STZA")
    topic = api.get("/api/v1/topics").json()["items"][0]["id"]
    created = api.post(
        "/api/v1/meetings",
        json={
            "title": "Quarterly review with PASHA",
            "kind": "working_meeting",
            "date": "2026-11-20",
            "status": "held",
            "participants": [
                {"organisation_id": stza, "side": "ours", "role": "led_delegation"},
                {"organisation_id": pasha, "side": "counterpart"},
            ],
            "topic_ids": [topic],
        },
    )
    assert created.status_code == 201, created.text
    meeting = created.json()
    assert [p["organisation_id"] for p in meeting["participants"]] == [stza, pasha]
    assert meeting["participants"][1]["role"] == "attended"
    url = f"/api/v1/meetings/{meeting['id']}"
    replaced = api.patch(
        url,
        json={"participants": [{"organisation_id": pasha, "side": "counterpart"}]},
        headers={"If-Match": created.headers["etag"]},
    )
    assert replaced.status_code == 200, replaced.text
    assert [p["organisation_id"] for p in replaced.json()["participants"]] == [pasha]
    assert replaced.json()["version"] == 2  # a change of participants is a new version
    assert replaced.json()["topic_ids"] == [topic]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"date_confirmed": True}, "date"),
        ({"date": "2026-01-01", "start_time": "10:00", "end_time": "09:00"}, "end_time"),
        ({"date": "2026-01-01", "topic_ids": [99999]}, "topic_ids"),
        ({"date": "2026-01-01", "participants": [{"side": "ours"}]}, "participants.0"),
    ],
)
def test_meeting_inconsistencies_are_refused(api, payload, field):
    body = {"title": "Bad", "kind": "call", **payload}
    response = api.post("/api/v1/meetings", json=body)
    assert response.status_code == 422, response.text
    assert any(e["field"].startswith(field) for e in response.json()["errors"])


def test_contacts_and_affiliations(api):
    contact = api.post(
        "/api/v1/contacts",
        json={"honorific": "Dr", "full_name": "Ayesha Khan", "emails": ["ayesha@example.pk"]},
    )
    assert contact.status_code == 201, contact.text
    bad_email = api.post("/api/v1/contacts", json={"full_name": "X", "emails": ["not-an-email"]})
    assert bad_email.status_code == 422
    assert "not an e-mail address" in bad_email.text
    affiliation = api.post(
        "/api/v1/affiliations",
        json={
            "contact_id": contact.json()["id"],
            "organisation_id": _org_id(api, "PASHA"),
            "title": "Chair",
            "start_date": "2025-01-01",
        },
    )
    assert affiliation.status_code == 201, affiliation.text
    listed = api.get(
        "/api/v1/affiliations", params={"contact_id": contact.json()["id"], "current": True}
    ).json()["items"]
    assert [a["title"] for a in listed] == ["Chair"]
    backwards = api.patch(
        f"/api/v1/affiliations/{affiliation.json()['id']}",
        json={"end_date": "2024-01-01"},
        headers={"If-Match": affiliation.headers["etag"]},
    )
    assert backwards.status_code == 422
    assert "before the start date" in backwards.text


def test_topics_are_changed_by_administrators_only(api, admin_api):
    body = {"slug": "cloud-policy", "name": "Cloud policy", "keywords": ["cloud"]}
    assert api.post("/api/v1/topics", json=body).status_code == 403
    created = admin_api.post("/api/v1/topics", json=body)
    assert created.status_code == 201, created.text
    assert admin_api.post("/api/v1/topics", json=body).status_code == 422
    assert api.get(f"/api/v1/topics/{created.json()['id']}").json()["keywords"] == ["cloud"]


def test_pledge_lifecycle_with_evidence(api):
    meeting = api.get("/api/v1/meetings", params={"q": "Sindh"}).json()["items"][0]
    created = api.post(
        "/api/v1/pledges",
        json={
            "meeting_id": meeting["id"],
            "maker_organisation_id": _org_id(api, "STZA"),
            "text": "Share the zone incentive package",
            "due_date": "2026-12-31",
        },
    )
    assert created.status_code == 201, created.text
    pledge = created.json()
    assert pledge["status"] == "open"
    status_url = f"/api/v1/pledges/{pledge['id']}/status"
    no_evidence = api.post(
        status_url, json={"status": "fulfilled"}, headers={"If-Match": created.headers["etag"]}
    )
    assert no_evidence.status_code == 422
    assert "fulfilled" in no_evidence.text
    done = api.post(
        status_url,
        json={"status": "fulfilled", "note": "Package sent on 1 Dec"},
        headers={"If-Match": created.headers["etag"]},
    )
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "fulfilled"
    assert done.json()["status_changed_at"]
    fulfilled = api.get("/api/v1/pledges", params={"status": "fulfilled"}).json()["items"]
    assert pledge["id"] in [p["id"] for p in fulfilled]


def test_overdue_pledges_are_the_open_ones_past_their_due_date(api):
    meeting = api.get("/api/v1/meetings", params={"q": "Sindh"}).json()["items"][0]

    def pledge(text: str, due: str) -> dict:
        created = api.post(
            "/api/v1/pledges",
            json={
                "meeting_id": meeting["id"],
                "maker_organisation_id": _org_id(api, "STZA"),
                "text": text,
                "due_date": due,
            },
        )
        assert created.status_code == 201, created.text
        return created.json()

    late, later = pledge("Send the draft", "2020-01-01"), pledge("Visit Sukkur", "2099-01-01")
    kept = pledge("Share the map", "2020-02-01")
    done = api.post(
        f"/api/v1/pledges/{kept['id']}/status",
        json={"status": "fulfilled", "note": "Map sent"},
        headers={"If-Match": f'"{kept["version"]}"'},
    )
    assert done.status_code == 200, done.text

    def listed(overdue: bool) -> set[int]:
        answer = api.get("/api/v1/pledges", params={"overdue": overdue, "per_page": 100})
        return {p["id"] for p in answer.json()["items"]}

    assert late["id"] in listed(overdue=True)
    assert {later["id"], kept["id"]}.isdisjoint(listed(overdue=True))
    assert {later["id"], kept["id"]} <= listed(overdue=False)
    assert late["id"] not in listed(overdue=False)


def test_action_items_and_follow_ups(api, session):
    from app.account.service import find_user_by_email

    owner = find_user_by_email(session, "editor@example.org").id
    action = api.post(
        "/api/v1/action-items",
        json={"text": "Send draft MoU", "owner_id": owner, "due_date": "2020-01-01"},
    )
    assert action.status_code == 201, action.text
    overdue = api.get(
        "/api/v1/action-items", params={"overdue": True, "owner_id": owner, "per_page": 100}
    ).json()["items"]
    assert action.json()["id"] in [a["id"] for a in overdue]
    done = api.patch(
        f"/api/v1/action-items/{action.json()['id']}",
        json={"status": "done"},
        headers={"If-Match": action.headers["etag"]},
    )
    assert done.json()["status"] == "done"
    assert done.json()["completed_at"]

    nobody = api.post("/api/v1/follow-ups", json={"due_date": "2026-12-01", "purpose": "Call"})
    assert nobody.status_code == 422
    assert "whom to follow up" in nobody.text
    follow_up = api.post(
        "/api/v1/follow-ups",
        json={
            "due_date": "2026-12-01",
            "purpose": "Call about the MoU",
            "organisation_id": _org_id(api, "PAFLA"),
            "channel": "call",
        },
    )
    assert follow_up.status_code == 201, follow_up.text
    assert follow_up.json()["status"] == "due"


def test_openapi_document_describes_only_the_api(api):
    document = api.get("/api/v1/openapi.json").json()
    assert all(path.startswith("/api/v1/") for path in document["paths"])
    patch = document["paths"]["/api/v1/meetings/{record_id}"]["patch"]
    assert any(p["name"] == "if-match" for p in patch["parameters"])
    assert {"412", "428", "422"} <= set(patch["responses"])
    assert "MeetingRead" in document["components"]["schemas"]


@pytest.mark.parametrize("offset", ["+18:09", "-18:00", "+05:00", "Z"])
def test_meeting_times_are_local_times_without_an_offset(api, offset):
    """A meeting's times are the local time of the day it was held; an offset (PostgreSQL
    refuses those beyond 15:59, which was a server error) is refused with a message."""
    body = {"title": "Offset", "kind": "call", "date": "2026-01-01"}
    for field in ("start_time", "end_time"):
        response = api.post("/api/v1/meetings", json={**body, field: f"10:00{offset}"})
        assert response.status_code == 422, response.text
        [error] = response.json()["errors"]
        assert error["field"] == field
        assert "without a UTC offset" in error["message"]

"""Global search over organisations, contacts, meetings, pledges and action items."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.commitment.models import ActionItem
from app.meeting.models import Meeting
from app.search.queries import SearchKind, search
from tests.browser_forms import submit
from tests.pages.test_pages import text_of


def titles(results, kind: SearchKind) -> list[str]:
    page = results.sections[kind]
    return [
        getattr(item, "name", None) or getattr(item, "title", None) or item.text
        for item in page.items
    ]


class TestOrganisationsAndContacts:
    @pytest.mark.parametrize("query", ["p@sha", "PASHA", "software houses", "Pakistan Software"])
    def test_names_acronyms_and_aliases_find_pasha(self, session, query):
        found = titles(search(session, query), SearchKind.organisations)
        assert "Pakistan Software Houses Association" in found

    def test_sindh_secretariat_finds_the_government_of_sindh(self, session):
        assert titles(search(session, "secretariat"), SearchKind.organisations) == [
            "Government of Sindh"
        ]

    def test_contacts_by_part_of_the_name(self, session):
        page = search(session, "rajput").sections[SearchKind.contacts]
        assert [c.full_name for c in page.items] == ["Sohail Rajput"]

    def test_contacts_by_word_beginnings_and_after_a_rename(self, session):
        from app.contact.models import Contact

        contact = Contact(full_name="Zarmeen Qureshi")
        session.add(contact)
        session.flush()
        assert [
            c.full_name for c in search(session, "zarm qur").sections[SearchKind.contacts].items
        ] == ["Zarmeen Qureshi"]
        contact.full_name = "Zarmeen Siddiqui"
        session.flush()
        assert search(session, "qureshi").sections[SearchKind.contacts].total == 0
        assert search(session, "siddiq").sections[SearchKind.contacts].total == 1


class TestFullText:
    def test_meetings_by_words_in_the_summary(self, session):
        found = titles(search(session, "innovation clusters"), SearchKind.meetings)
        assert found == ["STZA delegation's working meeting with the Sindh Secretariat"]

    def test_word_prefixes_match(self, session):
        found = search(session, "resolut").sections[SearchKind.pledges].items
        assert [p.text for p in found] == [
            "STZA's resolute support for launching Special Technology Zones in Sindh."
        ]

    def test_new_and_edited_records_are_found_at_once(self, session):
        meeting = Meeting(
            title="Courtesy call",
            kind="call",
            date=date(2026, 3, 1),
            status="held",
            minutes="Discussed the Gwadar technology park.",
        )
        session.add(meeting)
        session.flush()
        session.add(ActionItem(text="Send the Gwadar incentives note", meeting_id=meeting.id))
        session.flush()
        results = search(session, "gwadar")
        assert titles(results, SearchKind.meetings) == ["Courtesy call"]
        assert titles(results, SearchKind.actions) == ["Send the Gwadar incentives note"]
        meeting.minutes = "Discussed the Thar coal field."
        session.flush()
        assert search(session, "gwadar").sections[SearchKind.meetings].total == 0
        assert search(session, "thar").sections[SearchKind.meetings].total == 1

    def test_archived_records_are_not_found(self, session):
        meeting = session.scalars(select(Meeting).where(Meeting.title.like("%Sindh%"))).one()
        meeting.archived_at = meeting.created_at
        session.flush()
        assert search(session, "innovation").sections[SearchKind.meetings].total == 0

    def test_urdu_words_are_searchable(self, session):
        session.add(
            Meeting(
                title="تنزیلہ ام حبیبہ سے ملاقات", kind="call", date=date(2026, 3, 2), status="held"
            )
        )
        session.flush()
        assert search(session, "حبیبہ").sections[SearchKind.meetings].total == 1

    @pytest.mark.parametrize(
        "query", ['"', "*", "sindh OR (", "NEAR(a b)", "' OR 1=1 --", "a:*&|!"]
    )
    def test_search_syntax_characters_are_harmless(self, session, query):
        search(session, query)  # no error from FTS5 or to_tsquery


class TestSearchPage:
    def test_groups_results_by_kind(self, client):
        html = client.get("/search", params={"q": "sindh"}).text
        assert "Government of Sindh" in text_of(html, "results-organisations")
        assert "working meeting with the Sindh Secretariat" in text_of(html, "results-meetings")
        assert "resolute support for launching" in text_of(html, "results-pledges")

    def test_one_kind_with_pagination(self, client):
        html = client.get("/search", params={"q": "willingness", "kind": "pledges"}).text
        assert "4 results" in text_of(html, "search-summary")
        assert 'id="results-organisations"' not in html

    def test_nothing_found_says_so(self, client):
        html = client.get("/search", params={"q": "zzzqqq"}).text
        assert "Nothing matches “zzzqqq”." in html


def test_a_common_word_is_counted_up_to_a_limit_and_still_listed_newest_first(
    client, session, monkeypatch
):
    from app.search import queries

    monkeypatch.setattr(queries, "COUNT_AT_MOST", 3)
    for day in (5, 1, 9, 3, 7):
        session.add(Meeting(title=f"Hackathon day {day}", kind="event", date=date(2025, 4, day)))
    session.add(Meeting(title="Hackathon debrief", kind="call", date=date(2025, 4, 8)))
    session.commit()

    results = search(session, "hackathon", only=SearchKind.meetings, per_page=4)
    page = results.sections[SearchKind.meetings]
    assert page.total_capped
    assert page.total_label == "3+"
    assert [m.date.day for m in page.items] == [9, 8, 7, 5]  # newest first, not by id

    html = client.get("/search", params={"q": "hackathon", "kind": "meetings"}).text
    assert "3+ in all" in html
    assert "More than 3 match" in html
    everything = client.get("/search", params={"q": "hackathon"}).text
    assert 'Meetings <span class="muted">(3+)</span>' in everything


def test_a_rare_word_is_counted_exactly(session):
    session.add(Meeting(title="Zygote incubator visit", kind="site_visit", date=date(2025, 5, 1)))
    session.commit()
    page = search(session, "zygote", only=SearchKind.meetings).sections[SearchKind.meetings]
    assert not page.total_capped
    assert page.total_label == "1"


class TestThroughTheSearchForm:
    """Issue 15: other forms of a word, and P@SHA spelt with an '@'."""

    def _results(self, client, query: str) -> str:
        response = submit(client, "/search", form_id="search-form", q=query)
        assert response.status_code == 200, response.text[:500]
        return response.text

    def test_a_word_finds_its_other_forms(self, client, session):
        meeting = Meeting(
            title="Site visit",
            kind="call",
            date=date(2026, 3, 2),
            status="held",
            minutes="Walked the proposed zone at Dhabeji.",
        )
        session.add(meeting)
        session.flush()
        page = self._results(client, "zones")
        assert "Site visit" in page
        assert "STZA delegation" in page  # "Special Technology Zones" in its summary
        assert "STZA delegation" in self._results(client, "zone")

    def test_p_at_sha_finds_pasha_and_not_pledges_to_share(self, client, session):
        meeting = session.scalars(select(Meeting)).first()
        session.add(ActionItem(text="Share the incubation figures", meeting_id=meeting.id))
        session.add(ActionItem(text="Send P@SHA the draft incentives", meeting_id=meeting.id))
        session.flush()
        page = self._results(client, "P@SHA")
        assert "Pakistan Software Houses Association" in page
        assert "Send P@SHA the draft incentives" in page
        assert "Share the incubation figures" not in page

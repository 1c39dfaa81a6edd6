"""The pages show the seeded engagements, and errors render as pages."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from markupsafe import escape
from sqlalchemy import select

from app.contact.models import Contact
from app.meeting.models import Meeting
from app.organisation.models import Organisation


class _TextOf(HTMLParser):
    """Collects the visible text inside an element with a given id."""

    def __init__(self, element_id: str) -> None:
        super().__init__()
        self.element_id, self.depth, self.parts = element_id, 0, []

    VOID = frozenset(
        {"br", "img", "input", "meta", "link", "hr", "col", "source", "wbr", "area", "base"}
    )

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        if self.depth:
            self.depth += 1
        elif dict(attrs).get("id") == self.element_id:
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


def text_of(html: str, element_id: str) -> str:
    parser = _TextOf(element_id)
    parser.feed(html)
    return re.sub(r"\s+", " ", "".join(parser.parts)).strip()


def id_of(session, model, **where) -> int:
    stmt = select(model.id).filter_by(**where)
    return session.scalars(stmt).one()


def sindh_meeting_id(session) -> int:
    return id_of(session, Meeting, source_reference="stza-sindh-secretariat-working-meeting.txt")


class TestHome:
    def test_lists_recent_meetings_and_open_pledges(self, client):
        html = client.get("/").text
        assert "STZA delegation&#39;s working meeting with the Sindh Secretariat" in html
        assert "Meet the Minister" in html
        assert "resolute support for launching Special Technology Zones in Sindh" in html

    def test_unconfirmed_dates_are_flagged(self, client):
        html = client.get("/").text
        assert html.count("Date unconfirmed") >= 2
        assert "Date not given" in html


class TestMeetingDetail:
    def test_sides_hold_the_right_people_with_their_titles_of_the_day(self, client, session):
        html = client.get(f"/meetings/{sindh_meeting_id(session)}").text
        ours = text_of(html, "side-ours")
        counterpart = text_of(html, "side-counterpart")
        assert "Amer Hashmi, Chairman" in ours
        assert "Led the delegation" in ours
        assert "Javaid Iqbal, Chief Commercial Officer" in ours
        assert "Dr Sohail Rajput, Chief Secretary Sindh" in counterpart
        assert "Tanzeela Umi Habiba, Special Assistant to the Chief Minister on IT" in counterpart
        assert "Amer Hashmi" not in counterpart

    def test_shows_presentations_topics_pledges_follow_ups_and_source(self, client, session):
        html = client.get(f"/meetings/{sindh_meeting_id(session)}").text
        assert "Innovation Clusters Strategy" in text_of(html, "presented")
        assert "Javaid Iqbal" in html
        assert "Innovation clusters" in html  # topic
        assert "Full support and commitment to closely collaborating with STZA" in html
        assert "Agree next steps with the Sindh IST Department" in html
        assert "Inferred" in html
        assert "stza-sindh-secretariat-working-meeting.txt" in html
        assert "Public reports of this meeting were published on 22 June 2022" in html

    def test_unknown_meeting_is_a_404_page(self, client):
        response = client.get("/meetings/987654")
        assert response.status_code == 404
        assert "There is no meeting number 987654." in response.text
        assert response.headers["content-type"].startswith("text/html")

    def test_non_numeric_id_is_a_404_not_a_validation_error(self, client):
        response = client.get("/meetings/not-a-number")
        assert response.status_code == 404
        assert "<html" in response.text

    def test_wrong_method_is_405_page(self, client):
        response = client.post("/meetings/1")
        assert response.status_code == 405
        assert "does not accept that kind of request" in response.text


class TestOrganisationPages:
    def test_list_finds_pasha_by_its_alias(self, client):
        html = client.get("/organisations", params={"q": "p@sha"}).text
        assert "Pakistan Software Houses Association" in html
        assert "Ministry of Information Technology" not in html

    def test_list_filters_by_kind(self, client):
        html = client.get("/organisations", params={"kind": "provincial_government"}).text
        assert "Government of Sindh" in html
        assert "Chief Minister&#39;s Office, Sindh" in html
        assert "Pakistan Freelancers Association" not in html

    def test_unknown_filter_value_is_said_beside_the_filter(self, client):
        response = client.get("/organisations", params={"kind": "guild", "province": "sindh"})
        assert response.status_code == 200
        assert text_of(response.text, "filter-error-kind") == (
            "Choose one of the listed options. This filter was left out."
        )
        # The filter that could be read still applies.
        listed = text_of(response.text, "results")
        assert "Government of Sindh" in listed
        assert "Ministry of IT" not in listed

    def test_detail_shows_people_timeline_and_pledges_both_ways(self, client, session):
        org_id = id_of(session, Organisation, name="Government of Sindh")
        html = client.get(f"/organisations/{org_id}").text
        assert "Dr Sohail Rajput" in text_of(html, "people")
        assert "STZA delegation&#39;s working meeting with the Sindh Secretariat" in html
        assert "Information, Science and Technology Department, Sindh" in html  # child body
        assert "Full support and commitment" in html  # made by it
        assert "resolute support for launching" in html  # made to it

    def test_names_are_escaped(self, client, session):
        org = Organisation(name="<script>alert(1)</script>", kind="company")
        session.add(org)
        session.commit()
        html = client.get(f"/organisations/{org.id}").text
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


class TestContactPage:
    def test_shows_affiliation_meetings_and_pledges(self, client, session):
        contact_id = id_of(session, Contact, full_name="Amer Hashmi")
        html = client.get(f"/contacts/{contact_id}").text
        assert "Chairman" in html
        assert "Special Technology Zones Authority" in html
        assert "STZA delegation&#39;s working meeting" in html
        assert "resolute support for launching Special Technology Zones in Sindh" in html


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.json() == {"status": "ok", "database": "ok"}


def test_security_headers_are_sent(client):
    headers = client.get("/healthz").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"


class TestListFiltersAndSorting:
    def test_meetings_filter_by_kind_and_date_and_keep_filters_in_links(self, client):
        html = client.get("/meetings", params={"kind": "event", "sort": "title"}).text
        results = text_of(html, "results")
        assert "Meet the Minister" in results
        assert "STZA delegation" not in results
        assert "kind=event" in html
        assert "sort=-title" in html  # the header toggles the direction, filters kept
        dated = text_of(client.get("/meetings", params={"since": "2022-01-01"}).text, "results")
        assert "STZA delegation" in dated
        assert "Meet the Minister" not in dated  # undated meetings are outside any period

    def test_meetings_list_names_the_counterparts_once_each_in_order(self, client):
        html = client.get("/meetings", params={"since": "2022-06-01", "until": "2022-06-30"}).text
        row = text_of(html, "results").split("Sindh Secretariat", 1)[1]
        assert (
            "Government of Sindh, Information, Science and Technology Department, Sindh, "
            "Chief Minister's Office, Sindh" in row.replace("&#39;", "'")
        )
        assert "Special Technology Zones Authority" not in row  # our side is not "with"

    def test_meetings_with_one_organisation(self, client, session):
        org_id = id_of(session, Organisation, acronym="PAFLA")
        results = text_of(client.get("/meetings", params={"organisation": org_id}).text, "results")
        assert "Meet the Minister" in results
        assert "STZA delegation" not in results

    def test_organisations_sort_by_kind_descending(self, client):
        html = text_of(client.get("/organisations", params={"sort": "-kind"}).text, "results")
        assert html.index("Special Technology Zones Authority") < html.index("Ignite")

    def test_unknown_sort_key_is_explained(self, client):
        response = client.get("/meetings", params={"sort": "secret_column"})
        assert response.status_code == 422
        assert "Cannot sort by “secret_column”" in response.text


def test_record_pages_are_titled_by_the_record_alone(client, session):
    """The title once carried the whole history section (escaped into the tab title)."""
    for model, path, name in [
        (Organisation, "/organisations/{}", "name"),
        (Meeting, "/meetings/{}", "title"),
        (Contact, "/contacts/{}", "display_name"),
    ]:
        record = session.scalars(select(model).order_by(model.id)).first()
        html = client.get(path.format(record.id)).text
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
        assert title == f"{escape(getattr(record, name))} · Engage"

"""The engagement report: the page and every file agree, and files read back completely."""

from __future__ import annotations

import csv
import html as html_lib
import io
import re
import zipfile
from datetime import UTC, date, datetime

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from app.commitment.models import ActionItem, Pledge
from app.meeting.models import Meeting, Participant
from app.organisation.models import Organisation
from tests.browser_forms import submit
from tests.pages.test_pages import text_of

PERIOD = {"start": "2022-01-01", "end": "2026-12-31"}
HOSTILE_ORG = '=HYPERLINK("http://evil")<script>'


@pytest.fixture
def data(session):
    """The seed plus a meeting with a formula-looking organisation and a done action."""
    org = Organisation(name=HOSTILE_ORG, kind="company")
    session.add(org)
    session.flush()
    meeting = Meeting(
        title="Report test meeting",
        kind="call",
        date=date(2026, 3, 4),
        status="held",
        province="punjab",
        participants=[Participant(organisation_id=org.id, side="counterpart", role="attended")],
    )
    session.add(meeting)
    session.flush()
    session.add(
        Pledge(
            meeting_id=meeting.id,
            maker_organisation_id=org.id,
            text="+1 more office",
            kind="deliverable",
            status="fulfilled",
        )
    )
    session.add(ActionItem(text="@SUM(A1) follow up", meeting_id=meeting.id, status="done"))
    session.commit()
    return meeting


def figures_on_page(html: str) -> dict[str, str]:
    rows = text_of(html, "summary-figures")
    return (
        {
            name.strip(): value.strip()
            for name, value in (row.rsplit(" ", 1) for row in _split_rows(html))
        }
        if rows
        else {}
    )


def _split_rows(html: str) -> list[str]:
    import re

    body = html.split('id="summary-figures"')[1].split("</table>")[0]
    cells = re.findall(r"<th scope=\"row\">(.*?)</th><td class=\"num\">(.*?)</td>", body)
    return [f"{name} {value}" for name, value in cells]


def test_page_figures(client, data):
    figures = figures_on_page(client.get("/reports", params=PERIOD).text)
    assert figures["Meetings"] == "2"
    assert figures["Pledges made"] == "4"
    assert figures["Pledges fulfilled"] == "1"
    assert figures["Fulfilment rate (%)"] == "25.0"
    assert figures["Action items done"] == "1"


def test_undated_meetings_have_a_section_and_their_bodies_are_engaged(client, data):
    html = client.get("/reports", params={"start": "2026-10-01", "end": "2026-12-31"}).text
    undated = text_of(html, "undated")
    assert undated.startswith("Meetings without a date (1)")
    assert "Meet the Minister" in undated
    assert figures_on_page(html)["Meetings without a date (in no period)"] == "1"
    # MoITT, PASHA, PAFLA, Ignite and TDP met the minister on a day not given: not
    # "not engaged" in any period.
    not_engaged = text_of(html, "not-engaged")
    for body in ("Pakistan Software Houses Association", "Pakistan Freelancers Association"):
        assert body not in not_engaged
    assert "Meet the Minister" not in text_of(
        client.get("/reports", params={**PERIOD, "province": "punjab"}).text, "undated"
    )


def test_filters_narrow_the_report(client, data):
    html = client.get("/reports", params={**PERIOD, "province": "punjab"}).text
    assert figures_on_page(html)["Meetings"] == "1"
    assert "Report test meeting" in text_of(html, "report-meetings")
    assert "STZA delegation" not in text_of(html, "report-meetings")
    assert "Province or region: Punjab" in text_of(html, "report-period")


def test_presets_give_their_period(client, monkeypatch):
    monkeypatch.setattr("app.report.routes.today", lambda: date(2026, 11, 22))
    html = client.get("/reports", params={"preset": "last_quarter"}).text
    assert "1 July 2026 to 30 September 2026" in text_of(html, "report-period")
    assert '<option value="last_quarter" selected>' in html
    other = client.get("/reports", params={"start": "2026-07-01", "end": "2026-08-31"}).text
    assert " selected>" not in other.split('id="r-preset"', 1)[1].split("</select>", 1)[0]


def test_xlsx_has_every_table_typed_and_safe(client, data):
    response = client.get("/reports/export.xlsx", params=PERIOD)
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Summary",
        "Meetings",
        "Participants",
        "Pledges",
        "Actions",
        "Follow ups",
    ]
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(min_row=2, values_only=True)}
    assert summary["Meetings"] == 2
    assert summary["Fulfilment rate (%)"] == 25.0
    meetings = book["Meetings"]
    assert meetings.freeze_panes == "A2"
    assert meetings.auto_filter.ref == "A1:L3"
    first = next(meetings.iter_rows(min_row=2, values_only=True))
    assert isinstance(first[1], datetime)  # dates are dates, not text
    pledges = list(book["Pledges"].iter_rows(min_row=2, values_only=True))
    assert len(pledges) == 4
    assert any(row[4] == f"'{HOSTILE_ORG}" for row in pledges)  # never a live formula
    assert any(row[7] == "'+1 more office" for row in pledges)
    assert "All stakeholders" in {row[6] for row in pledges}


def test_csv_zip_holds_every_table_with_relations(client, data):
    response = client.get("/reports/export.zip", params=PERIOD)
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == [
        "actions.csv",
        "follow_ups.csv",
        "meetings.csv",
        "participants.csv",
        "pledges.csv",
        "summary.csv",
    ]
    participants = list(
        csv.DictReader(io.StringIO(archive.read("participants.csv").decode("utf-8-sig")))
    )
    rajput = next(r for r in participants if r["Name"] == "Sohail Rajput")
    assert (rajput["Side"], rajput["Role"], rajput["Title that day"]) == (
        "Counterpart",
        "Led the delegation",
        "Chief Secretary Sindh",
    )
    pledges = list(csv.DictReader(io.StringIO(archive.read("pledges.csv").decode("utf-8-sig"))))
    resolute = next(r for r in pledges if r["Pledge"].startswith("STZA's resolute"))
    assert (resolute["Made by"], resolute["Made by (person)"], resolute["Made to"]) == (
        "Special Technology Zones Authority",
        "Amer Hashmi",
        "Government of Sindh",
    )
    actions = list(csv.DictReader(io.StringIO(archive.read("actions.csv").decode("utf-8-sig"))))
    assert actions[0]["Action"] == "'@SUM(A1) follow up"


def test_single_csv_streams(client, data):
    response = client.get("/reports/export/meetings.csv", params=PERIOD)
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Meeting id", "Date", "Date confirmed", "Title"]
    assert {r[3] for r in rows[1:]} == {
        "STZA delegation's working meeting with the Sindh Secretariat",
        "Report test meeting",
    }
    assert client.get("/reports/export/passwords.csv", params=PERIOD).status_code == 404


def test_csv_rows_are_produced_lazily(session, data):
    from app.report.files import table_csv
    from app.report.filters import ReportFilters
    from app.report.service import build_report
    from app.report.tables import TABLES_BY_NAME

    report = build_report(
        session, ReportFilters(date(2022, 1, 1), date(2026, 12, 31)), date(2026, 11, 22)
    )
    chunks = table_csv(session, report, TABLES_BY_NAME["participants"])
    assert next(chunks).startswith("\ufeffMeeting id".encode())  # a generator, consumed on demand


def test_pdf_has_the_cover_figures_and_page_numbers(client, data):
    response = client.get("/reports/export.pdf", params=PERIOD)
    pdf = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "Engagement report" in text
    assert "1 January 2022 to 31 December 2026" in text
    assert "Fulfilment rate (%)" in text
    assert "25.0" in text
    assert "Dr Sohail Rajput" in text
    assert f"Page 1 of {len(pdf.pages)}" in text
    assert "<script>" not in text or HOSTILE_ORG in text  # printed as plain text, never markup


def test_viewers_may_export(viewer_client, data):
    assert viewer_client.get("/reports/export.zip", params=PERIOD).status_code == 200


def test_backwards_period_is_said_beside_it_and_kept_as_typed(client):
    response = client.get("/reports", params={"start": "2026-01-01", "end": "2025-01-01"})
    assert response.status_code == 200
    assert text_of(response.text, "filter-error-end") == "The period ends before it starts."
    assert 'name="start" value="2026-01-01"' in response.text
    assert 'name="end" value="2025-01-01"' in response.text


def test_figures_agree_across_page_xlsx_and_pdf(client, data):
    page = figures_on_page(client.get("/reports", params=PERIOD).text)
    book = load_workbook(io.BytesIO(client.get("/reports/export.xlsx", params=PERIOD).content))
    sheet = {row[0]: row[1] for row in book["Summary"].iter_rows(min_row=2, values_only=True)}
    pdf_text = "\n".join(
        p.extract_text()
        for p in PdfReader(
            io.BytesIO(client.get("/reports/export.pdf", params=PERIOD).content)
        ).pages
    )
    for name, value in page.items():
        if value == "—":
            assert sheet[name] in ("", None), name
        else:
            assert float(sheet[name]) == float(value), name
        assert f"{name} {value}" in pdf_text.replace("\n", " "), name


def test_participant_rows_match_the_database(client, session, data):
    count = len(
        session.scalars(select(Participant).join(Meeting).where(Meeting.date.is_not(None))).all()
    )
    archive = zipfile.ZipFile(io.BytesIO(client.get("/reports/export.zip", params=PERIOD).content))
    rows = list(csv.reader(io.StringIO(archive.read("participants.csv").decode("utf-8-sig"))))
    assert len(rows) - 1 == count


@pytest.mark.parametrize("fmt", ["pdf", "xlsx", "csv"])
def test_command_line_report(tmp_path, fmt):
    import os
    import subprocess
    import sys

    from tests.conftest import SECRET
    from tests.databases import throwaway_database

    with throwaway_database("report") as url:
        env = {**os.environ, "ENGAGE_DATABASE_URL": url, "ENGAGE_SECRET_KEY": SECRET}

        def run(*args):
            return subprocess.run(
                [sys.executable, "-m", "app.cli", *args],
                env=env,  # noqa: E731
                capture_output=True,
                text=True,
                check=True,
                timeout=120,
            )

        run("db", "upgrade")
        run("seed")
        out = tmp_path / f"report.{'zip' if fmt == 'csv' else fmt}"
        result = run(
            "report", "--from", "2022-01-01", "--to", "2022-12-31", "--format", fmt, "-o", str(out)
        )
        assert "Report written" in result.stdout
    if fmt == "pdf":
        assert "Amer Hashmi" in "".join(p.extract_text() for p in PdfReader(out).pages)
    elif fmt == "xlsx":
        assert load_workbook(out)["Meetings"].max_row == 2
    else:
        assert "Sohail Rajput" in zipfile.ZipFile(out).read("participants.csv").decode("utf-8-sig")


def test_shown_meetings_carry_their_own_pledges(client, session, data, monkeypatch):
    monkeypatch.setattr("app.report.service.PAGE_MEETINGS", 1)
    first = session.scalars(
        select(Meeting)
        .where(Meeting.date >= date(2022, 1, 1), Meeting.archived_at.is_(None))
        .order_by(Meeting.date, Meeting.id)
    ).first()
    made = session.scalars(select(Pledge).where(Pledge.meeting_id == first.id)).all()
    assert made, "the earliest meeting of the period should have pledges"
    shown = text_of(client.get("/reports", params=PERIOD).text, "report-meetings")
    assert first.title in shown
    assert "No pledges recorded" not in shown
    for pledge in made:
        assert pledge.text[:40] in shown
    assert "+1 more office" not in shown  # the other meeting's pledge is not listed


def test_engaged_organisations_are_counted_in_full_and_listed_in_part(client, data, monkeypatch):
    monkeypatch.setattr("app.report.service.PAGE_ORGANISATIONS", 1)
    html = client.get("/reports", params=PERIOD).text
    engaged = text_of(html, "engaged")
    total = int(figures_on_page(html)["Organisations engaged"])
    assert total > 1
    assert f"Organisations engaged ({total})" in engaged
    assert "The 1 met most often are shown" in engaged


def test_figures_follow_every_change(client, session, data):
    """The figures are cached between requests; a change must show at once."""
    assert figures_on_page(client.get("/reports", params=PERIOD).text)["Meetings"] == "2"
    session.add(Meeting(title="Later call", kind="call", date=date(2026, 5, 6), status="held"))
    session.commit()
    assert figures_on_page(client.get("/reports", params=PERIOD).text)["Meetings"] == "3"
    data.archived_at = datetime(2026, 6, 1, tzinfo=UTC)
    session.commit()
    assert figures_on_page(client.get("/reports", params=PERIOD).text)["Meetings"] == "2"


def test_files_for_a_secretary_say_labels_and_fit_their_columns(client, data):
    page = client.get("/reports", params=PERIOD).text
    link = re.search(r'href="([^"]*/reports/export\.xlsx\?[^"]*)"', page)
    assert link, "the report page links its spreadsheet"
    book = load_workbook(io.BytesIO(client.get(html_lib.unescape(link.group(1))).content))
    meetings = book["Meetings"]
    rows = list(meetings.iter_rows(values_only=True))
    values = {v for row in rows for v in row if isinstance(v, str)}
    for code in ("working_meeting", "khyber_pakhtunkhwa", "in_progress", "led_delegation"):
        assert code not in values
    assert "Working meeting" in values
    assert meetings.freeze_panes == "A2"
    assert meetings.auto_filter.ref
    title_col = rows[0].index("Title")
    longest_title = max(len(r[title_col] or "") for r in rows[1:])
    width = meetings.column_dimensions[chr(ord("A") + title_col)].width
    assert width >= min(longest_title, 60)
    people = {v for row in book["Participants"].iter_rows(values_only=True) for v in row}
    assert "Our side" in people
    assert "Led the delegation" in people or "Attended" in people
    zipped = zipfile.ZipFile(io.BytesIO(client.get("/reports/export.zip", params=PERIOD).content))
    meetings_csv = zipped.read("meetings.csv").decode("utf-8-sig")
    assert "working_meeting" not in meetings_csv
    assert "Working meeting" in meetings_csv


def test_who_took_part_is_named_with_the_title_held_at_the_meeting(client, session):
    """Each person as "Name, Title · Body", the title with the body it was held at when
    that is another; a body alone by its name; our side said so. Asked through the
    report's own form, for the year of the meeting."""
    from app.contact.models import Affiliation, Contact

    ours = Organisation(name="Report Authority", kind="public_authority")
    pseb = Organisation(name="Software Export Board", acronym="PSEB", kind="public_authority")
    firm = Organisation(name="Indus Robotics", kind="company")
    session.add_all([ours, pseb, firm])
    session.flush()
    amna = Contact(full_name="Amna Siddiqui", honorific="Dr.")
    bilal = Contact(full_name="Bilal Khan")
    session.add_all([amna, bilal])
    session.flush()
    seconded = Affiliation(contact_id=amna.id, organisation_id=pseb.id, title="Director")
    own_post = Affiliation(contact_id=bilal.id, organisation_id=ours.id, title="Analyst")
    session.add_all([seconded, own_post])
    session.flush()
    session.add(
        Meeting(
            title="Robotics zone call",
            kind="call",
            date=date(2019, 5, 6),
            status="held",
            participants=[
                Participant(
                    contact_id=amna.id,
                    organisation_id=firm.id,
                    affiliation_id=seconded.id,
                    side="counterpart",
                    position=0,
                ),
                Participant(organisation_id=firm.id, side="counterpart", position=1),
                Participant(
                    contact_id=bilal.id,
                    organisation_id=ours.id,
                    affiliation_id=own_post.id,
                    side="ours",
                    position=2,
                ),
            ],
        )
    )
    session.commit()
    page = submit(client, "/reports", action_ends="/reports", start="2019-01-01", end="2019-12-31")
    assert page.status_code == 200
    shown = text_of(page.text, "report-meetings")
    assert "Robotics zone call" in shown
    people = re.findall(r"<li>(.*?)</li>", page.text.split('id="report-meetings"', 1)[1])
    people = [html_lib.unescape(re.sub(r"<[^>]+>", "", p)) for p in people[:3]]
    assert people == [
        "Dr. Amna Siddiqui, Director, Software Export Board · Indus Robotics",
        "Indus Robotics",
        "Bilal Khan, Analyst · Report Authority (our side)",
    ]


def test_files_linked_from_a_filtered_report_keep_its_organisation(client, session, data):
    """The report chosen for one organisation through its form, then each file the page
    links: every file has that report's figures, and the PDF's cover names the body (the
    links once wrote `organisation=[2]`, which the files ignored, so they covered every
    organisation)."""
    sindh = session.scalar(
        select(Organisation.id).where(Organisation.name == "Government of Sindh")
    )
    page = submit(
        client, "/reports", action_ends="/reports", start="2022-01-01", organisation=str(sindh)
    )
    shown = figures_on_page(page.text)
    unfiltered = figures_on_page(
        submit(client, "/reports", action_ends="/reports", start="2022-01-01").text
    )
    assert shown["Meetings"] != unfiltered["Meetings"]  # the filter matters here
    links = {
        kind: html_lib.unescape(link)
        for link, kind in re.findall(
            r'href="([^"]*/reports/export\.(pdf|xlsx|zip)\?[^"]*)"', page.text
        )
    }
    assert set(links) == {"pdf", "xlsx", "zip"}
    assert all(f"organisation={sindh}" in link for link in links.values())

    archive = zipfile.ZipFile(io.BytesIO(client.get(links["zip"]).content))
    summary = dict(csv.reader(io.StringIO(archive.read("summary.csv").decode("utf-8-sig"))))
    book = load_workbook(io.BytesIO(client.get(links["xlsx"]).content))
    sheet = {row[0]: row[1] for row in book["Summary"].iter_rows(min_row=2, values_only=True)}
    for name in ("Meetings", "Organisations engaged", "Pledges made"):
        assert summary[name] == shown[name], name
        assert str(sheet[name]) == shown[name], name
    pdf = PdfReader(io.BytesIO(client.get(links["pdf"]).content))
    cover = pdf.pages[0].extract_text().replace("\n", " ")
    assert "Government of Sindh" in cover
    assert f"Meetings {shown['Meetings']}" in " ".join(p.extract_text() for p in pdf.pages).replace(
        "\n", " "
    )

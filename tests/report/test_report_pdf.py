"""The printed report read back as a Secretary would read it: every name whole, every month
named, whole pledges, people with their organisation, dates on one line."""

from __future__ import annotations

import html as html_lib
import re

import pytest

from tests.pages.test_pages import text_of
from tests.pdf_text import MONTHS, ReadBack, read_pdf
from tests.report.year_of_meetings import (
    LONG_PLEDGE,
    PERSON,
    PERSON_ORGANISATION,
    PERSON_TITLE,
    PROVINCE_NAMES,
    YEAR,
    a_year_of_meetings,
)


@pytest.fixture
def printed(client, session) -> ReadBack:
    a_year_of_meetings(session)
    session.commit()
    # The PDF as the report page links it, for the year chosen in its own form.
    page = client.get("/reports", params={"start": f"{YEAR}-01-01", "end": f"{YEAR}-12-31"})
    link = re.search(r'href="([^"]*/reports/export\.pdf\?[^"]*)"', page.text)
    assert link, "the report page links its PDF"
    response = client.get(html_lib.unescape(link[1]))
    assert response.headers["content-type"] == "application/pdf"
    return read_pdf(response.content)


def test_province_labels_are_whole_and_have_room_on_the_chart(printed):
    for name in PROVINCE_NAMES:
        label = next(f for f in printed.fragments if f.text == name)
        # A chart label is drawn ending at x; the chart's edge is at 0. Half an em a
        # character is narrower than these names set in DejaVu Sans, so a label with less
        # room than that is cut at the left ("mabad Capital Territory").
        assert label.x >= len(name) * label.size * 0.5, name


def test_every_month_is_named_under_its_column(printed):
    named = [f.text for f in printed.fragments if f.text in MONTHS]
    assert named == list(MONTHS)


def test_pledges_are_printed_whole(printed):
    assert LONG_PLEDGE in printed.flowing
    assert "..." not in printed.text
    assert "…" not in printed.text


def test_people_are_shown_with_their_title_and_organisation(printed):
    assert f"{PERSON}, {PERSON_TITLE} · {PERSON_ORGANISATION}" in printed.flowing


def test_dates_are_never_broken_over_lines(printed):
    lines = printed.text.splitlines()
    for day in ["28 Sep", *(f"3 {month}" for month in MONTHS if month != "Sep")]:
        assert any(f"{day} {YEAR}" in line for line in lines), day
    assert any(f"30 Sep {YEAR})" in line for line in lines)  # the pledge's due date


def test_each_page_says_whose_report_it_is_and_its_number(printed):
    for n, page in enumerate(printed.pages, 1):
        flowing = " ".join(page.split())
        assert "Special Technology Zones Authority · Engagement report" in flowing
        assert f"1 Jan {YEAR} to 31 Dec {YEAR}" in flowing
        assert f"Page {n} of {len(printed.pages)}" in flowing


def test_a_year_without_meetings_says_so_instead_of_an_empty_chart(client, session):
    a_year_of_meetings(session)
    session.commit()
    html = client.get("/reports", params={"start": f"{YEAR - 1}-07-01", "end": f"{YEAR}-12-31"})
    months = text_of(html.text, "report-months")
    assert f"None in the period in {YEAR - 1}." in months
    assert f"Meetings per month, {YEAR}" in months
    assert f"Meetings per month, {YEAR - 1}" not in months

"""The meeting's date (app/ingest/dates.py): stated, or a weekday or "today" resolved
against a printed date; never invented."""

from __future__ import annotations

from datetime import date

import pytest

from app.ingest.dates import due_date, find_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Recorder Report 09 Nov 2021\n\nISLAMABAD: X called on Y, here on Monday.", "2021-11-08"),
        ("LAHORE, (Agency - 6th Mar, 2024) A Wednesday signed an MoU with B.", "2024-03-06"),
        ("Press Release 27 Apr, 2022\n\nX called on Y here on Tuesday, said a note.", "2022-04-26"),
        ("X and Y inked the MoU on Tuesday.\n\nPublished in Z, April 14th, 2021.", "2021-04-13"),
        ("October 7, 2020: An MoU was signed between A and B today.", "2020-10-07"),
        ("A and B signed an MoU on Saturday, June 27, 2015, for a park.", "2015-06-27"),
        ("ISLAMABAD, 14 March 2024: X called on Y.", "2024-03-14"),
        ("Nov 29, 2022 – X met Y on Tuesday.", "2022-11-29"),
        ("22 Feb, 2025\nX met Y on Friday.", "2025-02-21"),
        ("The meeting was held on 5 Sept. 2024 in Lahore.", "2024-09-05"),
        ("ISLAMABAD: X, Chairman STZA, met officials on 3 May 2024.", "2024-05-03"),
        ("Minutes of meeting: STZA and KPITB\nDate: 7 August 2024\nVenue: KPITB", "2024-08-07"),
    ],
)
def test_stated_and_resolved_dates(text, expected):
    assert find_date(text)[0] == date.fromisoformat(expected)


@pytest.mark.parametrize(
    "text",
    [
        "ISLAMABAD, Apr 29 (APP): X met Y on Monday.",  # no year printed
        "ISLAMABAD: X and Y signed an MoU, a statement said on Wednesday.\n\nBy A 3 May 2023",
        "Xinhua) 11:04, July 27, 2024\n\nX met Y, the ministry said in a statement issued on "
        "Thursday.",
        "X met Y. The zone will be ready by 30 June 2026.",
        "X met Y to discuss the park.",
    ],
)
def test_no_date_is_invented(text):
    assert find_date(text) == (None, None)


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        ("committed to send a draft MoU within two weeks", "2022-11-29", "2022-12-13"),
        ("agreed to hold a joint workshop by December 2026", None, "2026-12"),
        ("assured that the park would be completed by 2027", None, "2027"),
        ("promised the report by 30 June 2026", None, "2026-06-30"),
        ("would be completed by next year", "2024-05-22", "2025"),
        ("assured support for the conference, which will be held on September 11", "2024-07-26",
         "2024-09-11"),
    ],
)  # fmt: skip
def test_a_pledges_due_date_is_as_precise_as_the_text(text, reference, expected):
    ref = date.fromisoformat(reference) if reference else None
    assert due_date(text, ref) == expected


@pytest.mark.parametrize(
    "text",
    [
        "committed to send a draft MoU within two weeks",  # counted from an unknown day
        "would be completed by next year",
        "assured full support to the zone",  # no deadline stated
        "agreed to share its experience of running the park since 2015",  # a past year
    ],
)
def test_no_due_date_is_invented(text):
    assert due_date(text, None) is None

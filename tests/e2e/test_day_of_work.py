"""A day of work through the pages only: links and forms, never an address typed by hand."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import screenshot
from tests.e2e.test_staff_workflow import fill_row
from tests.pdf_text import MONTHS, read_pdf

TITLE = "Gwadar free zone briefing"
SAVED = re.compile(r"/meetings/\d+$")


def _start_a_meeting(page) -> None:
    page.goto("/")
    page.get_by_role("link", name="Log a meeting").first.click()
    page.wait_for_url("**/meetings/new")
    page.locator("#field-title").fill(TITLE)
    page.locator("#field-date").fill("2026-11-25")
    fill_row(page, "participants-0", organisation="STZA", side="ours", role="led_delegation")
    fill_row(
        page,
        "participants-1",
        organisation="Gwadar Port Authority",
        organisation_kind="public_authority",
        contact="Capt Asif Rind",
        title="Director Operations",
    )
    fill_row(
        page,
        "pledges-0",
        maker="STZA",
        recipient="Gwadar Port Authority",
        text="Send the zone rules",
    )


def test_a_half_typed_date_is_refused_beside_its_field_and_nothing_is_lost(signed_in):
    page = signed_in
    _start_a_meeting(page)
    due = page.locator("[name='pledges-0-due_date']")
    due.click()
    page.keyboard.type("1512")  # day and month, the year left out
    page.get_by_role("button", name="Save meeting").last.click()
    note = page.locator("#unread-field-pledges-0-due_date")
    assert note.inner_text() == (
        "This date is not complete: enter the day, month and year, or clear it."
    )
    assert page.url.endswith("/meetings/new")
    assert page.locator("#field-title").input_value() == TITLE
    screenshot(page, "half-typed-date")
    due.fill("2026-12-15")
    page.get_by_role("button", name="Save meeting").last.click()
    page.wait_for_url(SAVED)
    assert "15 Dec 2026" in page.locator("main").inner_text()


def test_double_click_and_back_then_save_make_one_meeting(signed_in):
    page = signed_in
    _start_a_meeting(page)
    page.locator("#field-title").fill(TITLE + " (twice)")
    page.locator("#field-date").fill("2026-11-26")  # not the first test's meeting
    save = page.get_by_role("button", name="Save meeting").last
    save.dblclick()
    expect(page).to_have_url(SAVED, timeout=30_000)  # the page that lands (see below)
    page.wait_for_load_state()
    first = page.url
    page.go_back(wait_until="commit")
    page.locator("#field-title").wait_for()
    assert page.url.endswith("/meetings/new")
    # Whatever the browser kept of the form, saving it again makes no second meeting:
    # the same form is answered with the first, a fresh one is asked to confirm.
    page.get_by_role("button", name="Save meeting").last.click()
    page.wait_for_load_state()
    assert "is already logged" in page.locator("#errors-summary").inner_text()
    if SAVED.search(page.url):
        assert page.url == first
        assert "already been saved" in page.locator("main").inner_text()
    else:
        assert "Please correct" in page.locator("#errors-summary").inner_text()
    screenshot(page, "saved-twice")
    page.goto("/")
    page.get_by_role("link", name="Meetings", exact=True).first.click()
    listed = page.locator("#results").inner_text()
    assert listed.count(TITLE + " (twice)") == 1


def test_at_phone_width_the_menu_folds_and_nothing_scrolls_sideways(browser, live_server):
    context = browser.new_context(base_url=live_server, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto("/login")
    page.get_by_label("E-mail address").fill("amna@stza.gov.pk")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")
    menu = page.get_by_role("navigation", name="Main")
    assert not menu.get_by_role("link", name="Pledges").is_visible()
    menu.get_by_text("Menu").click()
    assert menu.get_by_role("link", name="Pledges").is_visible()
    overflow = "document.documentElement.scrollWidth - window.innerWidth"
    wide = (
        "[...document.querySelectorAll('main *')].filter(e => "
        "e.getBoundingClientRect().right > window.innerWidth + 1).slice(-4)"
        ".map(e => e.tagName + '.' + e.className + '#' + e.id)"
    )
    assert page.evaluate(overflow) <= 0, page.evaluate(wide)
    screenshot(page, "phone-dashboard")
    menu.get_by_role("link", name="Meetings").click()
    page.get_by_role("link", name="Log a meeting").first.click()
    assert page.evaluate(overflow) <= 0
    screenshot(page, "phone-meeting-form")
    context.close()


def test_add_another_row_in_place_and_focus_it(signed_in):
    page = signed_in
    _start_a_meeting(page)
    page.locator("#field-minutes").fill("Typed before adding rows")
    page.evaluate("window.stillThisPage = true")  # gone if the whole page reloads
    rows = page.locator("#participants .repeat-row")
    before = rows.count()
    page.get_by_role("button", name="Add another participant").click()
    rows.nth(before).wait_for()
    assert page.evaluate("window.stillThisPage === true")
    expect(page.locator(f"[name='participants-{before}-organisation']")).to_be_focused()
    assert page.locator("#field-minutes").input_value() == "Typed before adding rows"
    assert page.locator("[name='participants-1-contact']").input_value() == "Capt Asif Rind"
    assert page.locator("[name='participants_rows']").input_value() == str(before + 1)
    page.get_by_role("button", name="Add another pledge").click()
    expect(page.locator("[name='pledges-2-maker']")).to_be_focused()
    fill_row(page, "pledges-2", maker="Gwadar Port Authority", text="Share the berth plan")
    page.locator("#field-title").fill(TITLE + " (rows)")
    page.locator("#field-date").fill("2026-11-27")
    page.get_by_role("button", name="Save meeting").last.click()
    page.wait_for_url(SAVED)
    assert "Share the berth plan" in page.locator("main").inner_text()


DAY_TITLE = "Sukkur IT park launch review"
NEW_BODY = "Sukkur IT Park Company"


def _download(page, link_name: str) -> bytes:
    with page.expect_download() as download:
        page.get_by_role("link", name=link_name).click()
    return Path(download.value.path()).read_bytes()


def test_a_day_of_work(signed_in):
    """One afternoon, through links and forms only: log a meeting with a new body and two
    of its people, correct a pledge, find it in the registers, send the year's report and
    brief for a provincial government."""
    page = signed_in
    # 1. Log the meeting: a new organisation, two of its people, rows added in place.
    page.get_by_role("link", name="Log a meeting").first.click()
    page.locator("#field-title").fill(DAY_TITLE)
    page.locator("#field-kind").select_option("working_meeting")
    page.locator("#field-date").fill("2026-11-24")
    page.locator("#field-province").select_option("sindh")
    fill_row(page, "participants-0", organisation="STZA", side="ours", role="led_delegation")
    fill_row(
        page,
        "participants-1",
        organisation=NEW_BODY,
        organisation_kind="company",
        contact="Ms Rabia Soomro",
        title="Chief Executive",
    )
    rows = page.locator("#participants .repeat-row").count()
    page.get_by_role("button", name="Add another participant").click()
    expect(page.locator(f"[name='participants-{rows}-organisation']")).to_be_focused()
    fill_row(
        page,
        f"participants-{rows}",
        organisation=NEW_BODY,
        contact="Mr Kamran Shaikh",
        title="Director Operations",
    )
    fill_row(page, "pledges-0", maker=NEW_BODY, recipient="STZA", text="Share the tenant list")
    pledges = page.locator("#pledges .repeat-row").count()
    page.get_by_role("button", name="Add another pledge").click()
    expect(page.locator(f"[name='pledges-{pledges}-maker']")).to_be_focused()
    # Typed in a hurry: the maker is wrong and there is no due date.
    fill_row(
        page,
        f"pledges-{pledges}",
        maker=NEW_BODY,
        recipient=NEW_BODY,
        text="Send the zone incentives pack to every tenant of the park",
    )
    # 2. Save twice in a hurry, then Back and Save again: still one meeting.
    page.get_by_role("button", name="Save meeting").last.dblclick()
    # The second click's submission aborts the first one's navigation, as in any browser
    # (waiting for that navigation failed in CI when the abort came late): wait for the
    # page that lands instead.
    expect(page).to_have_url(SAVED, timeout=30_000)
    page.wait_for_load_state()
    saved = page.url
    counterparts = page.locator("#side-counterpart").inner_text()
    assert "Ms Rabia Soomro, Chief Executive" in counterparts
    assert "Mr Kamran Shaikh, Director Operations" in counterparts
    page.go_back(wait_until="commit")
    page.locator("#field-title").wait_for()
    # Chromium keeps the title and date it can, not the rows typed into the look-up fields.
    page.get_by_role("button", name="Save meeting").last.click()
    page.wait_for_load_state()
    # The meetings register, filtered to that day through its own form, lists it once.
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Meetings").click()
    page.get_by_label("From", exact=True).fill("2026-11-24")
    page.get_by_label("To", exact=True).fill("2026-11-24")
    page.get_by_role("button", name="Filter").click()
    assert page.locator("#results").inner_text().count(DAY_TITLE) == 1
    page.locator(f"#results a[href='{saved}']").click()  # the first save, as listed
    # 3. Correct the pledge afterwards: its maker and its due date.
    page.get_by_role("link", name="Send the zone incentives pack").first.click()
    page.get_by_role("link", name="Correct this pledge").click()
    page.get_by_label("Made by (organisation)").fill("STZA")
    page.get_by_label("Due").fill("2026-12-15")
    page.get_by_role("button", name="Save the correction").click()
    page.wait_for_url(re.compile(r"/pledges/\d+$"))
    corrected = page.locator("main").inner_text()
    made_by = re.search(r"made by\s*\n\s*(.+)", corrected, re.IGNORECASE)
    assert made_by[1].strip() == "Special Technology Zones Authority"
    due = re.search(r"^due\s*\n\s*(.+)$", corrected, re.IGNORECASE | re.MULTILINE)
    assert due[1].strip().startswith("15 Dec")
    # 4. The pledge register, through its own filter form.
    nav.get_by_role("link", name="Pledges").click()
    page.locator("#f-maker").select_option(label="STZA")
    page.locator("#f-owed").select_option("by_us")
    page.get_by_role("button", name="Filter").click()
    by_us = page.locator("#results").inner_text()
    assert "Send the zone incentives pack to every tenant of the park" in by_us
    assert "Share the tenant list" not in by_us
    # 5. The year's report, exported from the report page's own links and read back.
    nav.get_by_role("link", name="Reports").click()
    page.get_by_label("Period", exact=True).select_option("")
    page.get_by_label("From", exact=True).fill("2026-01-01")
    page.get_by_label("To", exact=True).fill("2026-12-31")
    page.get_by_role("button", name="Show report").click()
    assert "1 January 2026 to 31 December 2026" in page.locator("#report-period").inner_text()
    screenshot(page, "day-report")
    printed = read_pdf(_download(page, "PDF"))
    assert DAY_TITLE in printed.flowing
    assert f"Ms Rabia Soomro, Chief Executive · {NEW_BODY}" in printed.flowing
    assert "Send the zone incentives pack to every tenant of the park" in printed.flowing
    assert any("24 Nov 2026" in line for line in printed.text.splitlines())
    assert [f.text for f in printed.fragments if f.text in MONTHS] == list(MONTHS)
    assert "…" not in printed.text
    book = load_workbook(io.BytesIO(_download(page, "Spreadsheet (XLSX)")))
    meetings = book["Meetings"]
    header = [c.value for c in meetings[1]]
    ours = next(r for r in meetings.iter_rows(min_row=2, values_only=True) if DAY_TITLE in r)
    assert "Working meeting" in ours
    assert "Sindh" in ours
    assert "working_meeting" not in ours
    title_column = get_column_letter(header.index("Title") + 1)
    assert meetings.column_dimensions[title_column].width >= len(DAY_TITLE)
    archive = zipfile.ZipFile(io.BytesIO(_download(page, "CSV files (zip)")))
    people = archive.read("participants.csv").decode("utf-8-sig")
    assert "Sukkur IT Park Company,Mr,Kamran Shaikh,Director Operations" in people
    assert "Counterpart" in people
    assert "counterpart," not in people
    # 6. Brief for a provincial government: its departments' people and items too.
    nav.get_by_role("link", name="Organisations").click()
    page.get_by_label("Name, acronym or alias").fill("Government of Sindh")
    page.get_by_role("button", name="Filter").click()
    page.locator("#results").get_by_role("link", name="Government of Sindh").first.click()
    page.get_by_role("link", name="Briefing pack").click()
    assert "Asif Ikram" in page.locator("#briefing-people").inner_text()
    assert "(IST Sindh)" in page.locator("#briefing-people").inner_text()
    assert (
        "Agree next steps with the Sindh IST Department"
        in page.locator("#briefing-actions").inner_text()
    )
    screenshot(page, "day-briefing")
    pack = read_pdf(_download(page, "PDF"))
    assert "Briefing pack: Government of Sindh" in pack.flowing
    assert f"Page 1 of {len(pack.pages)}" in pack.flowing

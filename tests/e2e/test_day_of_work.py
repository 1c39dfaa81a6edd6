"""A day of work through the pages only: links and forms, never an address typed by hand."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import screenshot
from tests.e2e.test_staff_workflow import fill_row

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
    page.wait_for_url(SAVED)
    first = page.url
    page.go_back(wait_until="commit")
    page.locator("#field-title").wait_for()
    assert page.url.endswith("/meetings/new")
    # Whatever the browser kept of the form, saving it again makes no second meeting:
    # the same form is answered with the first, a fresh one is asked to confirm.
    page.get_by_role("button", name="Save meeting").last.click()
    page.wait_for_load_state()
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

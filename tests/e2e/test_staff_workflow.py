"""The day-to-day workflow, as a member of staff does it in Chromium."""

from __future__ import annotations

from tests.e2e.conftest import screenshot

TITLE = "Karachi IT parks working session"


def fill_row(page, prefix: str, **fields: str) -> None:
    for name, value in fields.items():
        element = page.locator(f"[name='{prefix}-{name}']")
        if element.evaluate("e => e.tagName") == "SELECT":
            element.select_option(value)
        else:
            element.fill(value)


def test_invalid_form_keeps_every_typed_value(signed_in):
    page = signed_in
    page.goto("/meetings/new")
    page.locator("#field-title").fill("")
    page.locator("#field-venue").fill("V" * 350)
    page.locator("#field-minutes").fill("Discussed **IT parks** at length")
    fill_row(page, "participants-0", organisation="Brand New Body", contact="Hina Baig")
    fill_row(page, "pledges-0", text="A pledge without a maker")
    page.get_by_role("button", name="Save meeting").last.click()
    assert "Please correct" in page.locator("#errors-summary").inner_text()
    assert page.locator("#field-minutes").input_value() == "Discussed **IT parks** at length"
    assert page.locator("[name='participants-0-organisation']").input_value() == "Brand New Body"
    assert page.locator("[name='participants-0-contact']").input_value() == "Hina Baig"
    assert page.locator("[name='pledges-0-text']").input_value() == "A pledge without a maker"
    # The browser enforces the field's length limit; the server checks it again (unit tests).
    assert page.locator("#field-venue").input_value() == "V" * 300
    assert "This is required." in page.locator("#errors-summary").inner_text()
    screenshot(page, "meeting-form-with-errors")


def test_log_a_meeting_then_work_its_action_and_pledge(signed_in):
    page = signed_in
    page.goto("/meetings/new")
    screenshot(page, "meeting-form")
    page.locator("#field-title").fill(TITLE)
    page.locator("#field-date").fill("2026-11-18")
    page.locator("#field-city").fill("Karachi")
    fill_row(page, "participants-0", organisation="PASHA", side="counterpart")
    fill_row(
        page,
        "participants-1",
        organisation="Karachi Software Park",
        organisation_kind="company",
        contact="Ms Hina Baig",
        title="Chief Executive",
        role="presented",
    )
    fill_row(page, "participants-2", organisation="STZA", side="ours", role="led_delegation")
    fill_row(
        page,
        "pledges-0",
        maker="Karachi Software Park",
        recipient="STZA",
        text="Share the tenant list with STZA",
    )
    fill_row(page, "actions-0", text="Send the zone incentives pack", due_date="2026-11-20")
    page.get_by_role("button", name="Save meeting").last.click()
    page.wait_for_url("**/meetings/*")
    assert TITLE in page.locator("h1").inner_text()
    assert "Ms Hina Baig, Chief Executive" in page.locator("#side-counterpart").inner_text()

    for name in ("Pakistan Software Houses Association", "Karachi Software Park"):
        page.get_by_role("link", name=name).first.click()
        assert TITLE in page.locator("main").inner_text()
        if name == "Karachi Software Park":
            screenshot(page, "organisation")
        page.go_back()

    page.goto("/")
    assert TITLE in page.locator("#recent").inner_text()
    assert "Send the zone incentives pack" in page.locator("#overdue").inner_text()
    screenshot(page, "dashboard")

    page.goto("/actions?who=all")
    row = page.locator("tr", has_text="Send the zone incentives pack")
    row.get_by_role("button", name="Mark done").click()
    page.wait_for_selector("tr:has-text('Send the zone incentives pack') >> text=Reopen")
    assert "Done" in page.locator("tr", has_text="Send the zone incentives pack").inner_text()

    page.goto("/pledges")
    page.get_by_role("link", name="Share the tenant list with STZA").click()
    page.get_by_label("New status").select_option("fulfilled")
    page.get_by_label("Evidence note").fill("Tenant list received by e-mail on 21 November")
    page.get_by_role("button", name="Save status").click()
    assert "Fulfilled" in page.locator("#pledge-status").inner_text()
    assert "Tenant list received by e-mail" in page.locator("#status-history").inner_text()

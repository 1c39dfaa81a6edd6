"""A member of staff signs in and finds the seeded engagements, in a real browser."""

from __future__ import annotations

from tests.e2e.conftest import screenshot


def test_sign_in_lands_on_the_home_page(signed_in):
    page = signed_in
    assert page.get_by_role("heading", level=1).first.inner_text()
    assert page.get_by_text(
        "STZA delegation's working meeting with the Sindh Secretariat"
    ).first.is_visible()
    screenshot(page, "home")


def test_meeting_page_shows_both_sides(signed_in):
    page = signed_in
    page.get_by_role(
        "link", name="STZA delegation's working meeting with the Sindh Secretariat"
    ).first.click()
    assert "Chief Secretary Sindh" in page.locator("#side-counterpart").inner_text()
    assert "Chairman" in page.locator("#side-ours").inner_text()
    screenshot(page, "meeting")


def test_wrong_password_says_so(page):
    page.goto("/login")
    page.get_by_label("E-mail address").fill("amna@stza.gov.pk")
    page.get_by_label("Password").fill("not it")
    page.get_by_role("button", name="Sign in").click()
    assert "do not match an active account" in page.locator("#login-error").inner_text()

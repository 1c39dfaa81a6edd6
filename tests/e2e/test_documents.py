"""Documents through Chromium: add two files to a meeting from its page, see them listed,
open the PDF in the browser and download it; a file past the limit is stopped beside the
input before anything is sent."""

from __future__ import annotations

from tests.document.files import PNG, pdf_with_text
from tests.e2e.conftest import screenshot

MOU = pdf_with_text("Memorandum of Understanding on the Sindh technology zone")


def _open_the_sindh_meeting(page) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Meetings").click()
    page.get_by_role(
        "link", name="STZA delegation's working meeting with the Sindh Secretariat"
    ).click()


def test_add_view_and_download_documents_from_a_meeting_page(signed_in, tmp_path):
    page = signed_in
    mou, photo = tmp_path / "Signed MoU.pdf", tmp_path / "signing.png"
    mou.write_bytes(MOU)
    photo.write_bytes(PNG)
    _open_the_sindh_meeting(page)
    card = page.locator("#documents")
    card.get_by_text("Add documents").first.click()
    card.get_by_label("Files").set_input_files([str(mou), str(photo)])
    card.get_by_label("Kind").select_option(label="MoU or agreement")
    card.get_by_role("button", name="Add documents").click()
    assert "2 documents added." in page.locator("body").inner_text()
    listed = page.locator("#documents table").inner_text()
    assert "Signed MoU" in listed
    assert "signing" in listed
    assert "MoU or agreement" in listed
    screenshot(page, "documents-on-a-meeting")
    page.locator("#documents").get_by_role("link", name="Signed MoU", exact=True).click()
    with page.expect_popup() as shown:
        page.get_by_role("link", name="View").click()
    assert shown.value.url.endswith("/view")
    with page.expect_download() as downloaded:
        page.get_by_role("link", name="Download").click()
    assert downloaded.value.suggested_filename == "Signed MoU.pdf"
    assert downloaded.value.path().read_bytes() == MOU


def test_a_file_past_the_limit_is_stopped_beside_the_input(signed_in, tmp_path):
    page = signed_in
    big = tmp_path / "scan.pdf"
    big.write_bytes(MOU + b" " * (11 * 1024 * 1024))  # past the 10 MB a file may be
    _open_the_sindh_meeting(page)
    card = page.locator("#documents")
    card.get_by_text("Add documents").first.click()
    files = card.get_by_label("Files")
    files.set_input_files(str(big))
    message = files.evaluate("input => input.validationMessage")
    assert "“scan.pdf” is 11.0 MB; each file may be at most 10.0 MB." in message
    card.get_by_role("button", name="Add documents").click()
    assert "documents added" not in page.locator("body").inner_text()

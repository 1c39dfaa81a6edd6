"""Ingest never freezes everyone (issue 17 finding 3): parsing runs in a file thread, every
file and text is read within limits checked before the work, the patterns are linear, and a
file that cannot be read gets a message beside its field, never an error page. Timings are
in bench/ingest_hostile.py; these tests assert the limits and patterns that bound them."""

from __future__ import annotations

import re
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from app.ingest import people, reading
from app.ingest import text as ex
from app.ingest.extract import extract
from app.ingest.gazetteer import Gazetteer
from app.ingest.reading import Unreadable, read_upload
from tests.ingest.hostile_files import docx, docx_with_xml, pdf, text_pdf

HOME = "Special Technology Zones Authority"
W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
TJ = b"BT /F1 12 Tf 72 720 Td (A) Tj ET\n"


def _word_xml(paragraphs: int) -> bytes:
    para = b"<w:p><w:r><w:t>x</w:t></w:r></w:p>"
    return b"<w:document " + W + b"><w:body>" + para * paragraphs + b"</w:body></w:document>"


def _refusal(filename: str, data: bytes) -> str:
    with pytest.raises(Unreadable) as caught:
        read_upload(filename, data)
    return caught.value.message


# ---- patterns -----------------------------------------------------------------------


def test_a_capitalised_word_starts_only_at_a_word_start_and_is_never_backtracked_into():
    # The quadratic case was a pattern re-scanning a long token from every letter in it.
    assert ex.CAP.startswith("(?<!")
    assert "]*+" in ex.CAP
    assert re.search(r"\{0,\d+\}$", ex.RUN.pattern), "a run of capitalised words is bounded"


def test_a_pathological_capitalised_token_is_read_as_nothing():
    for text in ("A" * 50_000, "Chairman " + "Ab" * 25_000 + " (AB)", "A-" * 25_000):
        draft = extract(text, Gazetteer.empty(HOME))
        assert draft.people == []
    # The patterns that were quadratic meet it once, at its start.
    token = "A" * 50_000
    assert re.compile(rf"({ex.RUN.pattern})\s*\(").search(token) is None
    assert len(list(ex.RUN.finditer(token))) == 1


def test_lists_of_capitalised_words_are_matched_in_bounded_steps():
    # Lists of names sharing a title are at most 13 names of at most six words each, and a
    # capitalised word is never backtracked into, so a page of them is one bounded pass.
    assert "{1,12}" in people.SHARED_TITLE.pattern
    assert "{0,5}" in people.LIST_NAME
    assert "*+" in people.LIST_NAME
    for text in (
        "Ali Khan, " * 3_000,
        "A B C D E F, " * 2_500 + " Vice Presidents of X",
        "representatives of the Asian Development Bank including " + "Ali Khan, " * 3_000,
    ):
        draft = extract(text, Gazetteer.empty(HOME))
        assert len(draft.people) <= 1


def test_a_long_text_is_read_within_the_character_limit_and_windows():
    text = ("Ali Khan, Chairman STZA and " * 4000)[: reading.MAX_CHARACTERS]
    draft = extract(text, Gazetteer.empty(HOME))
    assert [p.name for p in draft.people] == ["Ali Khan"]
    assert ex.TITLE_WINDOW <= 300  # a title is looked for near its name only
    with pytest.raises(Unreadable, match="at most 100,000"):
        reading.checked("x" * (reading.MAX_CHARACTERS + 1))


# ---- files --------------------------------------------------------------------------


def test_a_file_over_the_size_limit_is_refused_before_it_is_opened():
    message = _refusal("big.pdf", b"%PDF" + b"0" * reading.MAX_UPLOAD_BYTES)
    assert "larger than 5 MB" in message


def test_malformed_pdfs_cannot_be_read():
    for data in (b"%PDF-1.4 garbage", text_pdf("Amer Hashmi met")[:200], b"", b"\x00" * 99):
        assert "Cannot read this file" in _refusal("report.pdf", data)


def test_pdf_page_and_content_limits():
    assert "more than 40 pages" in _refusal("long.pdf", text_pdf("x", reading.MAX_PDF_PAGES + 1))
    # 20 MB of text operators compressed into 60 KB: refused when decompression passes 2 MB.
    assert "too large or complex" in _refusal("bomb.pdf", pdf(TJ * 600_000))
    # Fewer bytes but more operators than a page of text holds.
    assert "too large or complex" in _refusal("ops.pdf", pdf(TJ * 30_000))
    assert read_upload("ok.pdf", text_pdf("Amer Hashmi met", 3)).count("Amer Hashmi") == 3


def test_pdf_pages_stop_at_the_character_limit(monkeypatch):
    monkeypatch.setattr(reading, "MAX_CHARACTERS", 50)
    assert "more than 50 characters" in _refusal("many.pdf", text_pdf("x" * 30, 3))


def test_malformed_docx_cannot_be_read():
    for data in (b"not a zip", b"PK\x03\x04garbage", docx_with_xml(b"<w:document")):
        assert "Cannot read this file" in _refusal("minutes.docx", data)


def test_docx_size_and_paragraph_limits():
    # 400,000 paragraphs compress to 80 KB but unpack to 14 MB: refused before parsing.
    assert "larger than 5 MB once unpacked" in _refusal(
        "bomb.docx", docx_with_xml(_word_xml(400_000))
    )
    message = _refusal("long.docx", docx_with_xml(_word_xml(reading.MAX_DOCX_PARAGRAPHS + 1)))
    assert "5,001 paragraphs" in message
    assert read_upload("ok.docx", docx(["Amer Hashmi met", "Ali Khan"])) == (
        "Amer Hashmi met\nAli Khan"
    )


# ---- the page -----------------------------------------------------------------------


def test_each_limit_is_a_message_beside_its_field(client):
    page = client.post(
        "/ingest",
        data={"csrf_token": client.csrf, "text": "typed and kept"},
        files={"file": ("long.pdf", text_pdf("x", 41), "application/pdf")},
    )
    assert page.status_code == 422
    assert re.search(r'id="error-file">[^<]*more than 40 pages', page.text)
    assert "typed and kept" in page.text
    page = client.post(
        "/ingest",
        data={"csrf_token": client.csrf},
        files={"file": ("broken.pdf", b"%PDF-1.4 garbage", "application/pdf")},
    )
    assert page.status_code == 422
    assert re.search(r'id="error-file">Cannot read this file', page.text)
    page = client.post_form("/ingest", {"text": "x" * (reading.MAX_CHARACTERS + 1)})
    assert page.status_code == 422
    assert re.search(r'id="error-text">The text is 100,001 characters', page.text)


def test_drafting_runs_in_a_file_thread_not_on_the_event_loop(client):
    limiter = client.app.state.file_limiter
    borrowers = [object() for _ in range(int(limiter.total_tokens))]

    async def occupy() -> None:
        for borrower in borrowers:
            await limiter.acquire_on_behalf_of(borrower)

    async def free() -> None:
        for borrower in borrowers:
            limiter.release_on_behalf_of(borrower)

    client.portal.call(occupy)
    with ThreadPoolExecutor(1) as pool:
        ingest = pool.submit(
            client.post_form, "/ingest", {"text": "Amer Hashmi, Chairman STZA, met Ali Khan."}
        )
        deadline = time.monotonic() + 30
        while limiter.statistics().tasks_waiting == 0:
            assert time.monotonic() < deadline, "ingest never queued for a file thread"
            time.sleep(0.01)
        assert client.get("/meetings").status_code == 200  # pages still open
        assert not ingest.done()
        client.portal.call(free)
        response = ingest.result(timeout=60)
    assert response.status_code == 200
    assert "Amer Hashmi" in response.text

"""Documents kept with a record, added through the record page's own form: listed, viewed,
downloaded, archived and restored, found by search, stored once, and safe with hostile files."""

from __future__ import annotations

from sqlalchemy import func, select

from app.document.models import Document, DocumentFile
from app.meeting.models import Meeting
from app.organisation.models import Organisation
from tests.browser_forms import form_on, submit, submit_files
from tests.document.files import PNG, docx_bomb, pdf_with_text, pptx_with_slides
from tests.pages.test_pages import text_of

MOU = pdf_with_text("Memorandum of Understanding on technology zone incentives in Sindh")


def _meeting(session) -> Meeting:
    return session.scalars(select(Meeting).order_by(Meeting.id)).first()


def _documents_card(html: str) -> str:
    return html.split('id="documents"', 1)[1].split("</section>", 1)[0]


def _add(client, url: str, files, **typed):
    return submit_files(client, url, form_id="document-upload", files={"files": files}, **typed)


def test_add_several_files_to_a_meeting_and_see_them_listed(client, session):
    meeting = _meeting(session)
    url = f"/meetings/{meeting.id}"
    answer = _add(
        client,
        url,
        [("Signed MoU.pdf", MOU), ("ceremony.png", PNG)],
        kind="agreement",
        date="15/11/2026",
    )
    assert answer.status_code == 303, answer.text[:2000]
    assert answer.headers["location"].endswith(f"/meetings/{meeting.id}#documents")
    page = client.get(url).text
    assert "2 documents added." in page
    card = _documents_card(page)
    assert "Signed MoU" in card
    assert "ceremony" in card
    assert "MoU or agreement" in card
    assert "PDF, " in card
    assert "PNG image" in card
    assert "15 Nov 2026" in card
    assert "Test Editor" in card


def test_a_pdf_is_viewed_inline_under_a_strict_policy_and_downloaded_as_a_file(client, session):
    meeting = _meeting(session)
    _add(client, f"/meetings/{meeting.id}", [("Signed MoU.pdf", MOU)], title="The signed MoU")
    document = session.scalars(select(Document).where(Document.title == "The signed MoU")).one()
    detail = client.get(f"/documents/{document.id}").text
    assert "Its words are found by search." in detail
    assert "Created</strong> by Test Editor" in detail
    view = client.get(f"/documents/{document.id}/view")
    assert view.content == MOU
    assert view.headers["content-type"] == "application/pdf"
    assert view.headers["content-disposition"].startswith("inline;")
    assert "default-src 'none'" in view.headers["content-security-policy"]
    download = client.get(f"/documents/{document.id}/file")
    assert download.headers["content-disposition"].startswith("attachment;")
    assert "Signed%20MoU.pdf" in download.headers["content-disposition"]


def test_the_type_comes_from_the_content_and_markup_never_renders(client, session):
    meeting = _meeting(session)
    hostile = b"<html><body><script>alert(document.cookie)</script></body></html>"
    _add(client, f"/meetings/{meeting.id}", [("../../minutes.pdf", hostile)])
    document = session.scalars(select(Document).where(Document.title == "minutes")).one()
    assert document.filename == "minutes.pdf"  # no folders reach anything
    shown = client.get(f"/documents/{document.id}/view")
    assert shown.headers["content-type"] == "application/octet-stream"
    assert shown.headers["content-disposition"].startswith("attachment;")
    assert "sandbox" in shown.headers["content-security-policy"]
    assert shown.headers["x-content-type-options"] == "nosniff"


def test_the_same_file_attached_twice_is_stored_once(client, session):
    meeting = _meeting(session)
    org = session.scalars(select(Organisation).where(Organisation.acronym == "STZA")).one()
    _add(client, f"/meetings/{meeting.id}", [("mou.pdf", MOU)])
    _add(client, f"/organisations/{org.id}", [("mou copy.pdf", MOU)], kind="agreement")
    assert session.scalar(select(func.count()).select_from(Document)) == 2
    assert session.scalar(select(func.count()).select_from(DocumentFile)) == 1
    assert "mou copy" in _documents_card(client.get(f"/organisations/{org.id}").text)


def test_search_finds_the_words_inside_a_document_with_context(client, session):
    meeting = _meeting(session)
    _add(
        client,
        f"/meetings/{meeting.id}",
        [("slides.pptx", pptx_with_slides("Agenda", "Incentive package for zone developers"))],
        kind="presentation",
    )
    answer = submit(client, "/search", form_id="search-form", q="developers")
    results = text_of(answer.text, "results-documents")
    assert "slides" in results
    assert "Presentation · PowerPoint" in results
    assert "<mark>developers</mark>" in answer.text.split('id="results-documents"', 1)[1]


def test_a_file_past_the_limit_is_refused_by_name_and_nothing_is_saved(
    client, session, monkeypatch
):
    monkeypatch.setattr("app.document.service.MAX_FILE_BYTES", 1000)
    monkeypatch.setattr("app.document.routes.MAX_FILE_BYTES", 1000)
    meeting = _meeting(session)
    answer = _add(
        client,
        f"/meetings/{meeting.id}",
        [("small.png", PNG), ("big scan.pdf", MOU + b" " * 2000)],
        title="Signing pack",
    )
    assert answer.status_code == 422
    assert "“big scan.pdf” is" in text_of(answer.text, "errors-summary")
    assert 'value="Signing pack"' in answer.text  # what was typed is kept
    assert session.scalar(select(func.count()).select_from(Document)) == 0


def test_a_zip_bomb_is_kept_as_a_file_but_never_unpacked(client, session):
    meeting = _meeting(session)
    _add(client, f"/meetings/{meeting.id}", [("minutes.docx", docx_bomb())])
    document = session.scalars(select(Document)).one()
    detail = client.get(f"/documents/{document.id}").text
    assert "would unpack to more than" in detail
    assert "Search finds it by title only." in detail


def test_archive_and_restore_a_document(client, admin_client, session):
    meeting = _meeting(session)
    _add(client, f"/meetings/{meeting.id}", [("old slides.pdf", MOU)])
    document = session.scalars(select(Document)).one()
    archived = submit(client, f"/documents/{document.id}", action_ends="/archive")
    assert archived.status_code == 303
    card = _documents_card(client.get(f"/meetings/{meeting.id}").text)
    assert "Archived documents (1)" in card
    assert "No documents yet." in card
    restored = submit(admin_client, f"/documents/{document.id}", action_ends="/restore")
    assert restored.status_code == 303
    assert "Archived documents" not in _documents_card(client.get(f"/meetings/{meeting.id}").text)


def test_viewers_read_documents_but_cannot_add_them(client, viewer_client, session):
    meeting = _meeting(session)
    _add(client, f"/meetings/{meeting.id}", [("mou.pdf", MOU)])
    page = viewer_client.get(f"/meetings/{meeting.id}").text
    assert "mou" in _documents_card(page)
    assert 'id="document-upload"' not in page
    form = form_on(client.get(f"/meetings/{meeting.id}").text, form_id="document-upload")
    refused = viewer_client.post(
        "/documents/new",
        data=dict(form.values()),
        files=[("files", ("x.pdf", MOU))],
        follow_redirects=False,
    )
    assert refused.status_code == 403
    assert session.scalar(select(func.count()).select_from(Document)) == 1


def test_the_briefing_pack_and_the_report_list_the_documents_of_the_meetings(client, session):
    sindh_meeting = session.scalars(
        select(Meeting).where(Meeting.title.like("STZA delegation%"))
    ).one()
    _add(client, f"/meetings/{sindh_meeting.id}", [("Signed MoU.pdf", MOU)], kind="agreement")
    sindh = session.scalars(
        select(Organisation).where(Organisation.name == "Government of Sindh")
    ).one()
    org_page = client.get(f"/organisations/{sindh.id}").text
    briefing_url = next(  # the page's own "Briefing pack" link
        href.split('"', 1)[0]
        for href in org_page.split('href="')[1:]
        if href.split('"', 1)[0].endswith("/briefing")
    )
    briefing = client.get(briefing_url).text
    listed = text_of(briefing, "briefing-documents")
    assert "Signed MoU" in listed
    assert "MoU or agreement" in listed
    assert "STZA delegation's working meeting with the Sindh Secretariat" in listed
    report = submit(
        client, "/reports", action_ends="/reports", start="2022-01-01", end="2022-12-31"
    )
    assert "Signed MoU" in text_of(report.text, "report-documents")


def test_draft_a_meeting_from_a_press_release_and_the_meeting_keeps_it(client, session):
    org = session.scalars(select(Organisation).where(Organisation.acronym == "PASHA")).one()
    release = pdf_with_text(
        "Islamabad, 12 November 2026: STZA Chairman Amer Hashmi met a PASHA delegation "
        "to discuss technology zone incentives."
    )
    _add(client, f"/organisations/{org.id}", [("press release.pdf", release)], kind="press_release")
    document = session.scalars(select(Document)).one()
    drafted = submit(client, f"/documents/{document.id}", action_ends="/draft")
    assert drafted.status_code == 200
    form = form_on(drafted.text, action_ends="/meetings/new")
    assert dict(form.values())["from_document"] == str(document.id)
    assert "press release.pdf" in dict(form.values())["source_reference"]
    saved = client.post(
        "/meetings/new",
        data=dict(form.values(title="STZA meets PASHA on zone incentives")),
        follow_redirects=False,
    )
    assert saved.status_code == 303, text_of(saved.text, "errors-summary")
    meeting_page = client.get(saved.headers["location"]).text
    card = _documents_card(meeting_page)
    assert "press release" in card
    assert "Press release" in card
    files = session.scalar(select(func.count()).select_from(DocumentFile))
    assert files == 1  # the same file, kept with both records

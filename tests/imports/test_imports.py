"""Importing organisations and contacts: preview first, nothing written until confirmed,
the same file twice changes nothing, and bad files are explained row by row."""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from sqlalchemy import func, select

from app.contact.models import Affiliation, Contact
from app.organisation.models import Organisation
from tests.pages.test_pages import text_of

HEADER = (
    "organisation,acronym,aliases,kind,province,city,website,"
    "honorific,full_name,email,phone,title,since\n"
)
GOOD = HEADER + (
    "Karachi Chamber of Commerce,KCCI,Karachi Chamber,industry_association,sindh,Karachi,,,,,,,\n"
    "P@SHA,,PASHA Karachi,,,,,Ms,Jehan Ara,,,Former President,2020-01-01\n"
    "Pakistan Software Houses Assn,,,,,,,,,,,,\n"
    "Lahore University of Management Sciences,LUMS,,academia,punjab,Lahore,"
    "https://lums.edu.pk,Dr,Ali Raza,ali@lums.edu.pk,,Dean,\n"
)


def counts(session) -> tuple[int, int, int]:
    return tuple(
        session.scalar(select(func.count()).select_from(m))
        for m in (Organisation, Contact, Affiliation)
    )


def preview(client, content: bytes, name: str = "people.csv"):
    return client.post(
        "/imports/preview", files={"upload": (name, content)}, data={"csrf_token": client.csrf}
    )


def confirm(client, html: str):
    token = re.search(r"/imports/([\w-]+)/confirm", html).group(1)
    return client.post_form(f"/imports/{token}/confirm")


def test_preview_writes_nothing_and_shows_matches(client, session):
    before = counts(session)
    html = preview(client, GOOD.encode()).text
    assert counts(session) == before
    rows = text_of(html, "import-rows")
    assert "Create: Karachi Chamber of Commerce" in rows
    assert "matches “Pakistan Software Houses Association” (acronym)" in rows
    assert "matches “Pakistan Software Houses Association” (fuzzy)" in rows
    assert "New aliases: PASHA Karachi" in rows
    assert "Create: Jehan Ara" in rows
    assert "Create: Lahore University of Management Sciences" in rows


def test_confirm_then_import_again_changes_nothing(client, session):
    assert confirm(client, preview(client, GOOD.encode()).text).status_code == 303
    after_first = counts(session)
    lums = session.scalars(select(Organisation).where(Organisation.acronym == "LUMS")).one()
    assert (lums.kind, lums.province, lums.website) == ("academia", "punjab", "https://lums.edu.pk")
    dean = session.scalars(select(Affiliation).where(Affiliation.title == "Dean")).one()
    assert dean.organisation_id == lums.id
    again = preview(client, GOOD.encode()).text
    assert "0 will change something" in text_of(again, "import-summary")
    assert "Nothing to import." in again
    assert counts(session) == after_first


def test_xlsx_gives_the_same_result(client, session):
    book = Workbook()
    sheet = book.active
    for line in GOOD.strip().split("\n"):
        sheet.append(line.split(","))
    data = io.BytesIO()
    book.save(data)
    html = preview(client, data.getvalue(), "people.xlsx").text
    assert "Create: Karachi Chamber of Commerce" in text_of(html, "import-rows")


def test_the_same_preview_cannot_be_confirmed_twice(client):
    html = preview(client, GOOD.encode()).text
    assert confirm(client, html).status_code == 303
    second = confirm(client, html)
    assert second.status_code == 404
    assert "may have been applied already" in second.text


def test_row_errors_are_explained_and_skipped(client, session):
    bad = HEADER + (
        "New Body,,,guild,,,,,,,,,\n"
        "Another Body,,,company,atlantis,,,,,,,,\n"
        '=HYPERLINK("http://evil"),,,company,,,,,,,,,\n'
        "Dated Body,,,company,,,,,Some One,,,Officer,22/06/2022\n"
        "Needs Kind,,,,,,,,,,,,\n"
    )
    before = counts(session)
    html = preview(client, bad.encode()).text
    rows = text_of(html, "import-rows")
    assert "kind: “guild” is not a kind of organisation." in rows
    assert "province: “atlantis” is not a province or region." in rows
    assert "looks like a spreadsheet formula" in rows
    assert "since: “22/06/2022” is not a date (YYYY-MM-DD)." in rows
    assert "kind: give the kind of this new organisation." in rows
    assert "5 with problems" in text_of(html, "import-summary")
    assert counts(session) == before


def test_wrong_columns_are_named(client):
    response = preview(client, b"name,type\nX,company\n")
    assert response.status_code == 422
    assert "missing column(s): organisation" in response.text
    assert "unknown column(s): name, type" in response.text


def test_junk_files_are_refused_cleanly(client, session):
    before = counts(session)
    junk = bytes(range(256)) * 40_000  # ten megabytes of binary noise
    for name in ("junk.csv", "junk.xlsx", "junk.pdf"):
        response = preview(client, junk, name)
        assert response.status_code == 422
        assert text_of(response.text, "import-error")
    assert counts(session) == before


def test_oversized_upload_is_refused(client):
    response = preview(client, b"x" * (13 * 1024 * 1024))
    assert response.status_code == 413


def test_viewers_cannot_import(viewer_client):
    assert viewer_client.get("/imports").status_code == 403
    assert preview(viewer_client, GOOD.encode()).status_code == 403


def test_command_line_import_with_dry_run(tmp_path):
    import os
    import subprocess
    import sys

    from tests.conftest import SECRET
    from tests.databases import throwaway_database

    path = tmp_path / "people.csv"
    path.write_text(GOOD, encoding="utf-8")
    with throwaway_database("import") as url:
        env = {**os.environ, "ENGAGE_DATABASE_URL": url, "ENGAGE_SECRET_KEY": SECRET}

        def run(*args: str) -> str:
            return subprocess.run(
                [sys.executable, "-m", "app.cli", *args],
                env=env,
                capture_output=True,
                text=True,
                check=True,
                timeout=120,
            ).stdout

        run("db", "upgrade")
        run("seed")
        dry = run("import", str(path), "--dry-run")
        assert "row 2: create Karachi Chamber of Commerce" in dry
        assert "Dry run: nothing was written." in dry
        assert "2 organisations" in run("import", str(path))
        assert "0 organisations, 0 contacts, 0 affiliations, 0 updated." in run("import", str(path))


# ---- hostile files (issue 17, findings 4 and 7) ------------------------------------------


def _xlsx(rows, *, dimension: str | None = None, sheet_xml=None) -> bytes:
    """A workbook of `rows`; optionally with a declared dimension, or its sheet's XML
    replaced, as a hand-made file would have."""
    import zipfile

    book = Workbook()
    for row in rows:
        book.active.append(list(row))
    plain = io.BytesIO()
    book.save(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                if dimension:
                    data = re.sub(rb'<dimension ref="[^"]*"/>', b"", data)
                    data = data.replace(
                        b"<sheetViews>", f'<dimension ref="{dimension}"/><sheetViews>'.encode()
                    )
                if sheet_xml is not None:
                    data = sheet_xml(data)
            z.writestr(item, data)
    return out.getvalue()


def test_a_workbook_declaring_every_cell_is_read_within_a_small_memory_limit(tmp_path):
    """A few kilobytes declaring A1:XFD1048576 made the reader build every padded row
    (17 billion cells) before the row limit was checked. Read under a 1 GB address-space
    limit in a child process, so a failure is a MemoryError there, not here."""
    import subprocess
    import sys

    last = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t> </t></is></c></row>'
    data = _xlsx(
        [HEADER.strip().split(","), ["Bomb Body", "", "", "company"]],
        dimension="A1:XFD1048576",
        sheet_xml=lambda xml: xml.replace(b"</sheetData>", last + b"</sheetData>"),
    )
    assert len(data) < 10_000
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(data)
    code = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
        "from pathlib import Path\n"
        "from app.imports.reading import read_rows\n"
        f"rows = read_rows('bomb.xlsx', Path({str(path)!r}).read_bytes())\n"
        "print(len(rows), rows[0].get('organisation'))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["1", "Bomb", "Body"]


def test_rows_past_the_limit_are_refused_without_reading_the_rest():
    import pytest

    from app.imports import reading

    rows = [HEADER.strip().split(",")] + [[f"Body {n}", "", "", "company"] for n in range(30)]
    original = reading.MAX_ROWS
    reading.MAX_ROWS = 20
    try:
        for data, name in (
            (_xlsx(rows), "many.xlsx"),
            ("\n".join(",".join(r) for r in rows).encode(), "many.csv"),
        ):
            with pytest.raises(reading.ImportFileError, match="at most 20 rows"):
                reading.read_rows(name, data)
    finally:
        reading.MAX_ROWS = original


def test_malformed_spreadsheets_say_the_file_cannot_be_read(client, session):
    good = _xlsx([HEADER.strip().split(","), ["Body", "", "", "company"]])
    docx_like = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(docx_like, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    files = {
        "truncated.xlsx": good[: len(good) // 2],
        "broken-sheet.xlsx": _xlsx(
            [["organisation"], ["A"]], sheet_xml=lambda xml: xml.replace(b"</sheetData>", b"<row")
        ),
        "bad-cell.xlsx": _xlsx(
            [["organisation"], ["A"]],
            sheet_xml=lambda xml: xml.replace(b'r="A2"', b'r="A2" t="s"').replace(
                b"<is><t>A</t></is>", b"<v>999</v>"
            ),
        ),
        "report.docx.xlsx": docx_like.getvalue(),
        "document.pdf.xlsx": b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF",
        "quoted.csv": (HEADER + '"' + "x" * 200_000 + '",,,company,,,,,,,,,\n').encode(),
    }
    before = counts(session)
    for name, data in files.items():
        response = preview(client, data, name)
        assert response.status_code == 422, (name, response.status_code)
        assert "cannot read this file" in text_of(response.text, "import-error"), name
    assert counts(session) == before


def test_import_checks_e_mail_website_and_names_as_the_forms_do(client, session):
    bad = HEADER + (
        "Script Body,,,company,,,javascript:alert(1),,,,,,\n"
        "Data Body,,,company,,,data:text/html;base64,PHNjcmlwdD4=,,,,,,\n"
        'Mail Body,,,company,,,,,Some One,"one@example.org\r\nBcc: all@example.org",,,\n'
        "Plain Body,,,company,,,,,Other One,not-an-address,,,\n"
        "Phone Body,,,company,,,,,Third One,,call me maybe,,\n"
    )
    before = counts(session)
    html = preview(client, bad.encode()).text
    rows = text_of(html, "import-rows")
    assert rows.count("website: Enter a web address starting with http:// or https://") == 2
    assert "email: “one@example.org" in rows
    assert "email: “not-an-address” is not an e-mail address" in rows
    assert "phone: “call me maybe” is not a phone number" in rows
    assert "5 with problems" in text_of(html, "import-summary")
    assert counts(session) == before

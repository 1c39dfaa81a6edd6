"""Form cleaning, edit conflicts and the audit trail, used by every domain."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import BaseModel
from sqlalchemy import select

from app.audit.queries import history_of
from app.concurrency import EditConflict, ensure_current, fingerprint
from app.errors import FormInvalid
from app.forms import Name, OptionalDate, OptionalShortText, parse_form
from app.organisation.models import Organisation


class ExampleForm(BaseModel):
    name: Name
    city: OptionalShortText = None
    founded: OptionalDate = None


class TestParseForm:
    def test_text_is_trimmed_and_blank_optional_fields_become_empty(self):
        form = parse_form(ExampleForm, {"name": "  تنزیلہ ام حبیبہ ", "city": "  ", "founded": ""})
        assert (form.name, form.city, form.founded) == ("تنزیلہ ام حبیبہ", None, None)

    def test_dates_typed_day_first_are_read_as_staff_in_pakistan_write_them(self):
        for typed in ("22/06/2022", "22.06.2022", "22-06-2022", "2022-06-22"):
            assert parse_form(ExampleForm, {"name": "x", "founded": typed}).founded == date(
                2022, 6, 22
            )
        with pytest.raises(FormInvalid) as caught:
            parse_form(ExampleForm, {"name": "x", "founded": "31/06/2022"})
        assert caught.value.errors == {"founded": "There is no day 31/06/2022."}

    def test_each_problem_gets_a_plain_message(self):
        with pytest.raises(FormInvalid) as caught:
            parse_form(ExampleForm, {"name": "", "city": "x" * 100_000, "founded": "22 June"})
        assert caught.value.errors == {
            "name": "This is required.",
            "city": "Use at most 300 characters.",
            "founded": "Enter a date such as 15/12/2026.",
        }

    def test_nul_bytes_are_refused(self):
        with pytest.raises(FormInvalid) as caught:
            parse_form(ExampleForm, {"name": "PASHA\x00"})
        assert "NUL character" in caught.value.errors["name"]


def pasha(session) -> Organisation:
    stmt = select(Organisation).where(Organisation.acronym == "PASHA")
    return session.scalars(stmt).one()


class TestEditConflict:
    def test_current_version_passes(self, session):
        org = pasha(session)
        ensure_current(session, org, org.version)

    def test_stale_version_lists_what_changed_since(self, session):
        org = pasha(session)
        loaded_version = org.version
        org.city = "Karachi"
        session.flush()
        with pytest.raises(EditConflict) as caught:
            ensure_current(session, org, loaded_version)
        [change] = caught.value.changes
        assert change.visible_changes == {"city": [None, "Karachi"]}

    def test_merging_tells_fields_left_alone_from_fields_both_changed(self, session):
        loaded = {"city": "", "notes": "Line one\nLine two", "website": "https://a.example"}
        saved = {"city": "Karachi", "notes": "Line one\nLine two", "website": "https://b.example"}
        typed = {
            "loaded": fingerprint(loaded),
            "city": "",  # left alone: takes the colleague's
            "notes": "Line one\r\nLine two",  # as a browser sends a textarea: unchanged
            "website": "https://c.example",  # both changed: stays as typed
        }
        conflict = EditConflict(pasha(session), 0, [])
        conflict.merge_into(typed, saved)
        assert typed["city"] == "Karachi"
        assert typed["website"] == "https://c.example"
        assert conflict.taken == ["city"]
        assert list(conflict.clashes) == ["website"]
        assert conflict.clashes["website"].theirs == "https://b.example"
        assert conflict.loaded == fingerprint(saved)

    def test_a_form_without_what_it_loaded_keeps_everything_typed(self, session):
        typed = {"city": "", "website": "https://c.example"}
        conflict = EditConflict(pasha(session), 0, [])
        conflict.merge_into(typed, {"city": "Karachi", "website": "https://b.example"})
        assert typed == {"city": "", "website": "https://c.example"}
        assert set(conflict.clashes) == {"city", "website"}  # each named, none overwritten


class TestAuditTrail:
    def test_every_change_is_recorded_field_by_field_with_its_author(self, session):
        org = pasha(session)
        session.info["user_id"] = None
        org.influence, org.stance = 4, "supportive"
        session.flush()
        org.archived_at = org.created_at
        session.flush()
        events = history_of(session, org)
        assert [e.action for e in events[:2]] == ["archive", "update"]
        assert events[1].visible_changes == {"influence": [None, 4], "stance": [None, "supportive"]}


def test_json_columns_read_what_the_standard_library_wrote():
    import json

    from app.db import json_loads

    assert json_loads(json.dumps(["a@b.pk", "ü", "اردو"])) == ["a@b.pk", "ü", "اردو"]
    # orjson refuses a lone surrogate escape, which json.dumps can write; it still reads.
    assert json_loads(json.dumps(["\ud800"])) == ["\ud800"]

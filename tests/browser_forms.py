"""What a browser sends when a form on a page is submitted, read from the page's HTML.

Tests submit the forms the pages draw, never a post built by hand: a field the page draws
with an empty value is sent empty (as Chromium sends it), a select sends its chosen (or
first) option, an unticked box sends nothing. Only what a person would change is given."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin


@dataclass
class DrawnForm:
    action: str
    method: str
    attrs: dict[str, str]
    fields: list[tuple[str, str]] = field(default_factory=list)
    names: set[str] = field(default_factory=set)

    def values(self, **typed: str | list[str]) -> list[tuple[str, str]]:
        """The pairs the browser sends, with what the person typed or chose."""
        unknown = set(typed) - self.names
        assert not unknown, f"the form has no field {sorted(unknown)}: {sorted(self.names)}"
        sent = [(name, value) for name, value in self.fields if name not in typed]
        for name, value in typed.items():
            sent += [(name, v) for v in value] if isinstance(value, list) else [(name, value)]
        return sent


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[DrawnForm] = []
        self._select: tuple[str, list[tuple[str, bool]]] | None = None
        self._multiple = False
        self._option: tuple[str | None, bool, list[str]] | None = None
        self._textarea: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(DrawnForm(a.get("action", ""), a.get("method", "get"), a))
            return
        if not self.forms:
            return
        form, name = self.forms[-1], a.get("name")
        if tag == "input" and name and "disabled" not in a:
            form.names.add(name)
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            form.fields.append((name, a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            form.names.add(name)
            self._select = (name, [])
            self._multiple = "multiple" in a
        elif tag == "option" and self._select is not None:
            # An option without a value attribute sends its text.
            self._option = (a.get("value"), "selected" in a, [])
        elif tag == "textarea" and name:
            form.names.add(name)
            self._textarea = (name, [])
        elif tag == "button" and name:
            form.names.add(name)

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea[1].append(data)
        elif self._option is not None:
            self._option[2].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self._select is not None:
            name, options = self._select
            chosen = [value for value, selected in options if selected] or [
                value for value, _ in options[:1]
            ]
            if self._multiple:
                chosen = [value for value, selected in options if selected]
            else:
                chosen = chosen[:1]
            self.forms[-1].fields += [(name, value) for value in chosen]
            self._select = None
        elif tag == "option" and self._option is not None and self._select is not None:
            value, chosen, text = self._option
            self._select[1].append((value if value is not None else "".join(text).strip(), chosen))
            self._option = None
        elif tag == "textarea" and self._textarea is not None:
            name, parts = self._textarea
            self.forms[-1].fields.append((name, "".join(parts).removeprefix("\n")))
            self._textarea = None


def forms_on(html: str) -> list[DrawnForm]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def form_on(html: str, *, action_ends: str | None = None, form_id: str | None = None) -> DrawnForm:
    """The one form on the page with that id, or whose action ends with `action_ends`."""
    found = [
        f
        for f in forms_on(html)
        if (form_id is None or f.attrs.get("id") == form_id)
        and (action_ends is None or f.action.split("?")[0].endswith(action_ends))
    ]
    assert len(found) == 1, f"{len(found)} forms match: {[f.action for f in forms_on(html)]}"
    return found[0]


def submit(client, page_url: str, *, action_ends: str | None = None, form_id=None, **typed):
    """Opens the page, fills the form as a person would, and submits what the browser sends."""
    page = client.get(page_url)
    assert page.status_code == 200, page.text[:500]
    return submit_shown(client, page, action_ends=action_ends, form_id=form_id, **typed)


def submit_shown(client, page, *, action_ends: str | None = None, form_id=None, **typed):
    """Like `submit`, on a page opened earlier: a tab left open while others worked."""
    form = form_on(page.text, action_ends=action_ends, form_id=form_id)
    target = urljoin(str(page.url), form.action or str(page.url))
    pairs = form.values(**typed)
    if form.method.lower() == "post":
        data: dict[str, list[str]] = {}
        for name, value in pairs:
            data.setdefault(name, []).append(value)
        return client.post(target, data=data, follow_redirects=False)
    return client.get(target, params=pairs)


def submit_files(client, page_url: str, *, form_id: str, files: dict[str, list], **typed):
    """Like `submit`, for a multipart form: `files` maps each file input's name to the
    (filename, bytes) pairs a person chose in it."""
    page = client.get(page_url)
    assert page.status_code == 200, page.text[:500]
    form = form_on(page.text, form_id=form_id)
    assert form.attrs.get("enctype") == "multipart/form-data", "the form cannot send files"
    unknown = set(files) - form.names
    assert not unknown, f"the form has no file input {sorted(unknown)}"
    data: dict[str, list[str]] = {}
    for name, value in form.values(**typed):
        data.setdefault(name, []).append(value)
    chosen = [(name, pair) for name, pairs in files.items() for pair in pairs]
    target = urljoin(str(page.url), form.action or str(page.url))
    return client.post(target, data=data, files=chosen, follow_redirects=False)

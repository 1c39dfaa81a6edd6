"""Every GET form on every page a signed-in editor can reach, submitted the way Chromium
submits it: with its defaults, and with each choice of each select, each checkbox ticked
and each date filled. Pages are found by following the app's own links, so a filter added
later is covered without a new test."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from tests.e2e.conftest import screenshot

# Links that download a file or leave the pages: not pages with forms to try.
NOT_A_PAGE = re.compile(
    r"(\.(csv|xlsx|pdf|ics|json)$|^/api/|^/static/|^/feeds/|/export|/download|^/logout"
    r"|^/documents/\d+/(file|view)$)"
)
MAX_PAGES = 80
# Selects of records (organisations, topics, people) can be long; their choices are all
# alike, so a spread of them is tried. Selects of fixed choices are tried whole.
MAX_CHOICES = 8


def _route_of(path: str) -> str:
    """/meetings/12 and /meetings/7 are one page to try."""
    return re.sub(r"/\d+(?=/|$)", "/{id}", path)


def _links(page, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    found = []
    for href in hrefs:
        parts = urlsplit(href)
        if not href.startswith(base) or NOT_A_PAGE.search(parts.path):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def _get_forms(page) -> list[dict]:
    """Each GET form: its action and what can be chosen in it."""
    return page.eval_on_selector_all(
        "form",
        """forms => forms.filter(f => (f.getAttribute('method') || 'get').toLowerCase() === 'get')
          .map((f, i) => ({
            index: [...document.forms].indexOf(f),
            action: new URL(f.action).pathname,
            selects: [...f.querySelectorAll('select[name]')].map(s => ({
              name: s.name, values: [...s.options].map(o => o.value)})),
            checkboxes: [...f.querySelectorAll('input[type=checkbox][name]')].map(c => c.name),
            dates: [...f.querySelectorAll('input[type=date][name]')].map(d => d.name),
          }))""",
    )


def _submit(page, form_index: int):
    form = page.locator("form").nth(form_index)
    with page.expect_navigation() as navigation:
        button = form.locator("button[type=submit], button:not([type]), input[type=submit]")
        if button.count():
            button.first.click()
        else:
            form.evaluate("f => f.requestSubmit()")
    return navigation.value


def _assert_results_page(page, response, what: str) -> None:
    assert response is not None, f"{what}: no answer at {page.url}"
    assert response.status == 200, f"{what}: answered {response.status} at {page.url}"
    body = page.locator("main").inner_text()
    assert "Please correct the request" not in body, f"{what}: error page at {page.url}"


def _still_chosen(page, action: str, field: str, value: str, kind: str) -> bool:
    return page.evaluate(
        """([action, field, value, kind]) => [...document.forms]
          .filter(f => new URL(f.action).pathname === action)
          .some(f => { const el = f.elements[field]; if (!el) return false;
            if (kind === 'checkbox') return el.checked;
            return el.value === value; })""",
        [action, field, value, kind],
    )


def _try_form(page, url: str, form: dict) -> int:
    """Submits the form once per choice; returns how many submissions were made."""
    tries: list[tuple[str, str, str]] = [("", "", "defaults")]
    for select in form["selects"]:
        values = select["values"]
        if len(values) > MAX_CHOICES:
            step = (len(values) - 1) / (MAX_CHOICES - 1)
            values = [values[round(i * step)] for i in range(MAX_CHOICES)]
        tries += [(select["name"], value, "select") for value in values]
    tries += [(name, "on", "checkbox") for name in form["checkboxes"]]
    tries += [(name, "2026-01-31", "date") for name in form["dates"]]
    for field, value, kind in tries:
        page.goto(url)
        target = page.locator("form").nth(form["index"])
        if kind == "select":
            target.locator(f"select[name='{field}']").select_option(value=value)
        elif kind == "checkbox":
            target.locator(f"input[type=checkbox][name='{field}']").check()
        elif kind == "date":
            target.locator(f"input[type=date][name='{field}']").fill(value)
        what = f"form {form['action']} on {url} with {field or 'defaults'}={value!r}"
        response = _submit(page, form["index"])
        _assert_results_page(page, response, what)
        if field and value:
            assert _still_chosen(page, form["action"], field, value, kind), (
                f"{what}: the choice was not kept on {page.url}"
            )
    return len(tries)


def test_every_get_form_answers_with_results_and_keeps_the_choice(signed_in, live_server):
    page = signed_in
    to_visit, seen_routes, tried_forms = ["/"], set(), set()
    submissions = 0
    while to_visit and len(seen_routes) < MAX_PAGES:
        url = to_visit.pop(0)
        route = _route_of(urlsplit(url).path)
        if route in seen_routes:
            continue
        seen_routes.add(route)
        response = page.goto(url)
        assert response is not None, f"link {url} did not answer"
        assert response.status == 200, f"link {url} answered {response.status}"
        to_visit += _links(page, live_server)
        for form in _get_forms(page):
            key = (form["action"], tuple(s["name"] for s in form["selects"]))
            if key in tried_forms:
                continue
            tried_forms.add(key)
            submissions += _try_form(page, url, form)
    # The registers, lists and report are all reached, so their filters were all tried.
    actions = {action for action, _ in tried_forms}
    for expected in ("/meetings", "/organisations", "/pledges", "/reports", "/actions"):
        assert expected in actions, f"no filter form reached at {expected}: {sorted(actions)}"
    assert submissions > 50
    screenshot(page, "last-filtered-page")

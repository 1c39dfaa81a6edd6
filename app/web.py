"""Jinja environment and the one render helper every HTML route uses."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from markdown_it import MarkdownIt
from markupsafe import Markup, escape
from sqlalchemy.orm import Session
from starlette.responses import Response
from starlette.routing import BaseRoute, NoMatchFound, Router

from app.aggregates import kept_page
from app.config import PROJECT_ROOT, get_settings
from app.filtering import FILTER_ERRORS

templates = Jinja2Templates(directory=PROJECT_ROOT / "templates")
HTMX_VERSION = "2.0.11"  # app/static/vendor/htmx-<version>/, see its README
SWAGGER_UI_VERSION = "5.35.0"  # app/static/vendor/swagger-ui-dist-<version>/, same README
env = templates.env
env.trim_blocks = True
env.lstrip_blocks = True
# Templates ship with the code and change only with a restart; checking every template
# file's modification time on every render was 2 % of a list page's time.
env.auto_reload = False

# Raw HTML is off, so Markdown can never smuggle markup or scripts in; markdown-it also
# refuses javascript: and data: links by default.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def markdown_filter(text: str | None) -> Markup:
    return Markup(_markdown.render(text or ""))  # noqa: S704 - html disabled above


def local_datetime(value: datetime | None, fmt: str = "%d %b %Y, %H:%M") -> str:
    if value is None:
        return ""
    return value.astimezone(get_settings().zone).strftime(fmt)


def long_date(value: date | None) -> str:
    return value.strftime("%-d %B %Y") if value else ""


def short_date(value: date | None) -> str:
    return value.strftime("%-d %b %Y") if value else ""


_GROUPS = {
    "participants": "Participant",
    "presentations": "Presentation",
    "pledges": "Pledge",
    "actions": "Action item",
    "follow_ups": "Follow-up",
}


# A row's field as the meeting form labels it (and a correction's form, the same field),
# where its key says something else: a message about "Pledge 1, text" made people look
# for a field called text.
_ROW_LABELS = {
    ("participants", "organisation_kind"): "kind, if new",
    ("participants", "organisation_acronym"): "acronym, if new",
    ("participants", "organisation_aliases"): "other names, if new",
    ("participants", "contact"): "person",
    ("participants", "title"): "their title that day",
    ("presentations", "title"): "presentation",
    ("presentations", "presenter"): "presented by",
    ("presentations", "organisation"): "for",
    ("pledges", "maker"): "made by (organisation)",
    ("pledges", "maker_contact"): "made by (person)",
    ("pledges", "recipient"): "made to",
    ("pledges", "text"): "what was pledged",
    ("pledges", "due_date"): "due",
    ("actions", "text"): "action",
    ("actions", "organisation"): "for (organisation)",
    ("actions", "due_date"): "due",
    ("follow_ups", "organisation"): "with (organisation)",
    ("follow_ups", "contact"): "with (person)",
    ("follow_ups", "due_date"): "due",
    ("follow_ups", "channel"): "how",
}


def row_labels(group: str) -> dict[str, str]:
    """The labels of one group's fields ("pledges"), for a form of one such record."""
    return {field: text.capitalize() for (g, field), text in _ROW_LABELS.items() if g == group}


def field_name(key: str, labels: dict[str, str] | None = None) -> str:
    """A form field's key as the person reads it: "pledges-0-text" is "Pledge 1, what was
    pledged"; "owner_id" is "Owner"; a form's own `labels` say the rest ("text" is "What
    was pledged" on a pledge's form and "Action" on an action's)."""
    if labels and key in labels:
        return labels[key]
    parts = key.split("-")
    field = parts[-1].removesuffix("_id").replace("_", " ")
    if len(parts) == 3 and parts[0] in _GROUPS and parts[1].isdigit():
        field = _ROW_LABELS.get((parts[0], parts[2]), field)
        return f"{_GROUPS[parts[0]]} {int(parts[1]) + 1}, {field}"
    return field.capitalize()


def label(value: str | None) -> str:
    """Turn an enum value such as "in_progress" into "In progress"."""
    return (value or "").replace("_", " ").capitalize()


@dataclass(frozen=True)
class _Link:
    """How one route's path is built: the route, and, where its parameters allow, the path
    cut around them (`pieces`, with `names` between them) and the type each had."""

    route: BaseRoute
    pieces: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    types: tuple[type, ...] = ()

    def path(self, name: str, params: dict[str, Any]) -> str:
        kinds = zip(self.names, self.types, strict=True)
        if self.pieces and all(_plain(params[param], kind) for param, kind in kinds):
            parts = [self.pieces[0]]
            for param, piece in zip(self.names, self.pieces[1:], strict=True):
                parts += (str(params[param]), piece)
            return "".join(parts)
        return str(self.route.url_path_for(name, **params))


def _plain(value: Any, kind: type) -> bool:
    """Whether Starlette's convertors would write `value` as str() does: a whole number
    of at least 0 (int) or text with no slash (str); anything else goes through them."""
    if type(value) is not kind:
        return False
    if isinstance(value, int):
        return value >= 0
    return isinstance(value, str) and bool(value) and "/" not in value


def _sentinel(n: int, value: Any) -> Any:
    if type(value) is int:
        return 7_300_000_000_000 + n
    if type(value) is str:
        return f"engage-link-parameter-{n}"
    return None


def _learn(route: BaseRoute, name: str, params: dict[str, Any]) -> _Link:
    """The route's path built once with stand-ins for its parameters, and cut around them:
    later links of the same name fill the gaps."""
    stand_ins = {param: _sentinel(n, value) for n, (param, value) in enumerate(params.items())}
    if any(v is None for v in stand_ins.values()):
        return _Link(route)
    path = str(route.url_path_for(name, **stand_ins))
    found = sorted((path.find(str(v)), param) for param, v in stand_ins.items())
    if any(at < 0 or path.count(str(stand_ins[param])) != 1 for at, param in found):
        return _Link(route)
    pieces, cursor = [], 0
    for at, param in found:
        pieces.append(path[cursor:at])
        cursor = at + len(str(stand_ins[param]))
    pieces.append(path[cursor:])
    names = tuple(param for _, param in found)
    return _Link(route, tuple(pieces), names, tuple(type(params[n]) for n in names))


def path_for(router: Router, name: str, params: dict[str, Any]) -> str:
    """Starlette's url_path_for, learnt once per route name and parameters.

    Starlette (and FastAPI's included routers) walk every route for every link, trying
    each and raising for those that do not match, and write the parameters in with a
    regular expression: about 10 µs a link, and pages carry a hundred links or more. An
    app's routes never change after start-up, so each name's route is found once and its
    path cut around its parameters (`_Link`); a value Starlette would write differently
    from str() (a negative number, text with a slash) still goes through Starlette."""
    known: dict[tuple[str, frozenset[str]], _Link] = router.__dict__.setdefault(
        "engage_links_by_name", {}
    )
    key = (name, frozenset(params))
    if (link := known.get(key)) is not None:
        return link.path(name, params)
    for route in router.routes:
        try:
            path = route.url_path_for(name, **params)
        except NoMatchFound:
            continue
        known[key] = _learn(route, name, params)
        return str(path)
    raise NoMatchFound(name, params)


@pass_context
def url_for(context: dict[str, Any], name: str, /, **params: Any) -> str:
    """The absolute URL of a named route, as Starlette's url_for gives it."""
    request: Request = context["request"]
    base = request.scope.get("engage.base_url")
    if base is None:
        base = request.scope["engage.base_url"] = str(request.base_url).rstrip("/")
    return base + path_for(request.scope["router"], name, params)


def query_string(value: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> str:
    """A query string as a form sends it: a list's values each under the name again (a
    report for two organisations is `organisation=2&organisation=5`; Jinja's own
    urlencode wrote `organisation=[2, 5]`, which the report's files did not read, so
    they left the filter out), blank values left out."""
    items = value.items() if isinstance(value, Mapping) else value
    pairs = [
        (name, one)
        for name, values in items
        for one in (values if isinstance(values, list | tuple | set | frozenset) else [values])
        if one is not None and one != ""
    ]
    return urlencode(pairs, quote_via=quote)


env.globals["url_for"] = url_for
env.globals["row_labels"] = row_labels
env.globals["htmx_version"] = HTMX_VERSION
env.globals["swagger_ui_version"] = SWAGGER_UI_VERSION
env.filters.update(
    urlencode=query_string,
    markdown=markdown_filter,
    local_datetime=local_datetime,
    long_date=long_date,
    short_date=short_date,
    label=label,
    field_name=field_name,
)


def today() -> date:
    return datetime.now(get_settings().zone).date()


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
) -> Response:
    ctx = {
        "current_user": getattr(request.state, "user_view", None),
        "csrf_token": getattr(request.state, "csrf_token", None),
        "flash": request.session.pop("flash", []) if "session" in request.scope else [],
        "today": today(),
        "filter_errors": getattr(request.state, FILTER_ERRORS, {}),
    }
    ctx.update(context or {})
    return templates.TemplateResponse(request, template, ctx, status_code=status_code)


def csrf_placeholder(secret_key: str) -> str:
    """What stands in for the CSRF token while a fragment is rendered for the cache: the
    token is the one thing a cached fragment holds that belongs to one browser session.
    Derived from the install's secret, so every worker of a server (which share rendered
    pages, app.shared_pages) uses the same one, and never shown, so no one can type it
    into a record's text to have other people's tokens put into links on their pages."""
    digest = hmac.new(secret_key.encode(), b"csrf placeholder", hashlib.sha256).hexdigest()
    return f"engage-csrf-{digest[:32]}"


def cached_fragment(
    request: Request,
    session: Session,
    template: str,
    key: Hashable,
    make_context: Callable[[], dict[str, Any]],
) -> Markup:
    """The HTML of `template` (a page's main content), rendered once and kept until the
    data changes (app.aggregates), per user and role, day and address of the app: what the
    content can depend on besides the data. `make_context` runs only when it is rendered.
    The user's CSRF token is put in on the way out."""
    user = getattr(request.state, "user_view", None)
    day = today()
    placeholder: str = request.app.state.csrf_placeholder
    full_key = (
        "fragment",
        template,
        key,
        user and (user.id, user.role),
        day,
        str(request.base_url),
    )

    def render_fragment() -> str:
        context = {
            "request": request,
            "current_user": user,
            "csrf_token": placeholder,
            "today": day,
            "filter_errors": getattr(request.state, FILTER_ERRORS, {}),
            **make_context(),
        }
        return templates.get_template(template).render(context)

    html = kept_page(session, full_key, render_fragment)
    token = str(escape(getattr(request.state, "csrf_token", None) or ""))
    return Markup(html.replace(placeholder, token))  # noqa: S704 - rendered with escaping on


def render_cached_page(
    request: Request,
    session: Session,
    content_template: str,
    make_context: Callable[[], dict[str, Any]],
    *,
    title: str,
    active_nav: str | None = None,
    key: Hashable | None = None,
) -> Response:
    """A page whose content is a cached_fragment, in the layout every such page shares.
    The content is keyed by the page's address (path and query) unless `key` says what
    else it depends on."""
    if key is None:
        # Sorted by name only: a repeated parameter's values keep their order, which
        # decides the one FastAPI takes (the last).
        items = sorted(request.query_params.multi_items(), key=lambda item: item[0])
        key = (request.url.path, tuple(items))
    content = cached_fragment(request, session, content_template, key, make_context)
    return render(
        request,
        "_cached_page.html",
        {"title": title, "content": content, "active_nav": active_nav},
    )


def flash(request: Request, message: str, category: str = "success") -> None:
    """Queue a message for the next page this browser renders (after a redirect)."""
    request.session["flash"] = [*request.session.get("flash", []), (category, message)]

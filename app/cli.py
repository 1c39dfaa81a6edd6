"""The `engage` command line: database, seed, server and accounts."""

from __future__ import annotations

import os
import secrets
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import typer
from alembic import command
from alembic.config import Config
from sqlalchemy.orm import Session

from app.config import PROJECT_ROOT, get_settings
from app.db import make_engine, make_session_factory
from app.errors import EngageError, FormInvalid

cli = typer.Typer(help="Engage: stakeholder engagement CRM.", no_args_is_help=True)
db_cli = typer.Typer(help="Database schema.", no_args_is_help=True)
user_cli = typer.Typer(help="Staff accounts.", no_args_is_help=True)
cli.add_typer(db_cli, name="db")
token_cli = typer.Typer(help="API tokens for other systems.", no_args_is_help=True)
cli.add_typer(user_cli, name="user")
cli.add_typer(token_cli, name="token")


def alembic_config() -> Config:
    return Config(str(PROJECT_ROOT / "alembic.ini"))


@contextmanager
def session_scope() -> Iterator[Session]:
    """One transaction for one command, committed once at the end."""
    import app.models  # noqa: F401

    engine = make_engine(get_settings().database_url)
    session = make_session_factory(engine)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
        engine.dispose()


def fail(message: str) -> NoReturn:
    typer.secho(message, fg=typer.colors.RED, err=True)
    raise typer.Exit(code=1)


@db_cli.command("upgrade")
def db_upgrade(revision: str = typer.Argument("head")) -> None:
    """Bring the database schema up to date (creates it when empty)."""
    command.upgrade(alembic_config(), revision)
    _new_epoch()  # migrations may change data with SQL of their own
    typer.echo(f"Database at {revision}.")


def _new_epoch() -> None:
    from app.generation import start_new_epoch

    engine = make_engine(get_settings().database_url)
    try:
        with engine.begin() as connection:
            start_new_epoch(connection)
    finally:
        engine.dispose()


@db_cli.command("downgrade")
def db_downgrade(revision: str = typer.Argument(..., help="e.g. -1 or base")) -> None:
    """Step the schema back (for development)."""
    command.downgrade(alembic_config(), revision)


@cli.command()
def seed() -> None:
    """Load the two seeded engagements. Safe to run again: it changes nothing."""
    from app.generation import start_new_epoch
    from seed.loader import load_seed

    with session_scope() as session:
        report = load_seed(session)
        start_new_epoch(session)
    if report.total:
        details = ", ".join(f"{n} {kind}" for kind, n in sorted(report.created.items()))
        typer.echo(f"Seeded: {details}.")
    else:
        typer.echo("Seed already loaded; nothing changed.")


@cli.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    workers: int = typer.Option(1, min=1, help="Worker processes."),
) -> None:
    """Serve the web application."""
    import uvicorn

    with shared_pages_folder(workers):
        uvicorn.run(
            "app.asgi:app",
            host=host,
            port=port,
            workers=workers,
            proxy_headers=True,
            # A worker takes seconds to import the app, more on a busy machine; uvicorn's
            # default of 5 s to answer its supervisor's health check had workers killed
            # and restarted over and over while they started, so the server never served.
            timeout_worker_healthcheck=60,
            # SIGTERM lets requests in progress finish, but not for ever: after this many
            # seconds uvicorn cancels them (they roll back) and the worker exits.
            timeout_graceful_shutdown=10,
        )


@contextmanager
def shared_pages_folder(workers: int) -> Iterator[None]:
    """For several workers, a private folder where they share rendered pages
    (app.shared_pages), removed when the server stops; none for one worker, or when
    ENGAGE_SHARED_PAGES_DIR names one."""
    if workers < 2 or get_settings().shared_pages_dir:
        yield
        return
    folder = tempfile.mkdtemp(prefix="engage-pages-")  # readable by this user alone
    os.environ["ENGAGE_SHARED_PAGES_DIR"] = folder  # the workers' settings read it
    try:
        yield
    finally:
        del os.environ["ENGAGE_SHARED_PAGES_DIR"]
        shutil.rmtree(folder, ignore_errors=True)


@user_cli.command("add")
def user_add(
    email: str,
    name: str = typer.Option(..., "--name", help="Display name."),
    role: str = typer.Option("viewer", "--role", help="admin, editor or viewer."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password."),
) -> None:
    """Create a staff account."""
    from app.account.service import add_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        with session_scope() as session:
            user = add_user(session, email=email, display_name=name, role=role, password=password)
            typer.echo(f"Created {user.role} {user.email}.")
    except EngageError as exc:
        fail(exc.message)


@token_cli.command("create")
def token_create(
    email: str,
    name: str = typer.Option(..., "--name", help="The system that will use it."),
) -> None:
    """Create an API token acting as EMAIL (with that person's role); prints it once."""
    from app.account.service import find_user_by_email
    from app.api.tokens import issue_api_token

    try:
        with session_scope() as session:
            user = find_user_by_email(session, email)
            if user is None or not user.active:
                fail(f"There is no active account for {email}.")
            token, secret = issue_api_token(session, user, name)
            typer.echo(f"Token {token.id} for {user.email} ({user.role}), shown only now:")
            typer.echo(secret)
    except EngageError as exc:
        fail(exc.message)


@token_cli.command("list")
def token_list(email: str) -> None:
    """List EMAIL's API tokens."""
    from app.account.service import find_user_by_email
    from app.api.tokens import tokens_of

    with session_scope() as session:
        user = find_user_by_email(session, email)
        if user is None:
            fail(f"There is no account for {email}.")
        for token in tokens_of(session, user.id):
            state = "active" if token.is_active else f"revoked {token.revoked_at:%Y-%m-%d}"
            typer.echo(f"{token.id}\t{token.prefix}…\t{token.name}\t{state}")


@token_cli.command("revoke")
def token_revoke(email: str, token_id: int) -> None:
    """Revoke one of EMAIL's API tokens."""
    from app.account.service import find_user_by_email
    from app.api.tokens import revoke_api_token

    try:
        with session_scope() as session:
            user = find_user_by_email(session, email)
            if user is None:
                fail(f"There is no account for {email}.")
            token = revoke_api_token(session, user.id, token_id)
            typer.echo(f"Token {token.id} “{token.name}” no longer works.")
    except EngageError as exc:
        fail(exc.message)


@cli.command()
def ingest(
    path: Path = typer.Argument(..., help="A .txt, .docx or .pdf press release or minutes."),
    save: bool = typer.Option(False, "--save", help="Save the draft as a meeting."),
    empty: bool = typer.Option(
        False, "--empty", help="Read as if the database were empty (no matching)."
    ),
) -> None:
    """Propose a draft meeting from a text and print it as JSON; --save writes it."""
    import json

    from app.ingest.reading import read_upload
    from app.ingest.service import build_draft, form_state
    from app.meeting.form_save import save_form

    try:
        text = read_upload(path.name, path.read_bytes())
        with session_scope() as session:
            draft = build_draft(None if empty else session, text, get_settings())
            typer.echo(json.dumps(draft.to_json(), indent=2, ensure_ascii=False))
            if save:
                meeting = save_form(session, form_state(session, draft, source_reference=path.name))
                typer.echo(f"Saved meeting {meeting.id}: {meeting.title}", err=True)
    except FormInvalid as exc:
        fail("Not saved: " + "; ".join(f"{k}: {v}" for k, v in exc.errors.items()))
    except (EngageError, OSError) as exc:
        fail(getattr(exc, "message", str(exc)))


@cli.command("ingest-eval")
def ingest_eval(
    folders: list[Path] = typer.Argument(
        ...,
        help="Texts (*.txt) with their labels (*.yaml); a folder holding none is read as "
        "its subfolders (e.g. dev/ and heldout/), one table each; a held-out folder shows "
        "only its totals.",
    ),
    database: bool = typer.Option(
        False, "--database", help="Use what the database knows (default: read from empty)."
    ),
) -> None:
    """Score ingest against hand-labelled texts: precision and recall per kind, sides,
    people's organisations and dates; one table per folder."""
    from app.ingest.draft import Draft
    from app.ingest.evaluate import HELD_OUT, evaluate_tree, table
    from app.ingest.service import build_draft

    settings = get_settings()
    for folder in folders:
        if not folder.is_dir():
            fail(f"{folder} is not a folder.")

    def run(session: Session | None) -> list[Any]:
        def make_draft(text: str, home: str | None = None) -> Draft:
            read_as = settings.model_copy(update={"home_organisation": home}) if home else settings
            return build_draft(session, text, read_as)

        return [part for folder in folders for part in evaluate_tree(folder, make_draft)]

    if database:
        with session_scope() as session:
            parts = run(session)
    else:
        parts = run(None)
    if not parts:
        fail("No labelled texts (NAME.txt with NAME.yaml) in " + ", ".join(map(str, folders)) + ".")
    several = len(parts) > 1
    for i, (name, results) in enumerate(parts):
        if several:
            typer.echo(("\n" if i else "") + f"== {name} ==")
        typer.echo(table(results, rows=not name.startswith(HELD_OUT)))


@cli.command()
def worker(
    once: bool = typer.Option(False, "--once", help="One round, then exit (for cron)."),
) -> None:
    """Deliver webhooks, announce overdue and due items, send the daily e-mail digests."""
    import logging

    import app.models  # noqa: F401
    from app.worker import run_forever, run_once

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    settings = get_settings()
    factory = make_session_factory(make_engine(settings.database_url))
    if once:
        done = run_once(factory, settings)
        typer.echo(
            f"Announced {done.announced} events, tried {done.delivered} deliveries, "
            f"sent {done.digests} digests."
        )
    else:
        run_forever(factory, settings)


@cli.command("backup")
def backup_command(path: Path = typer.Argument(..., help="Where to write the backup.")) -> None:
    """Take a consistent backup while Engage runs (SQLite file, or pg_dump archive)."""
    from app.backup import backup

    try:
        written = backup(get_settings().database_url, path)
    except EngageError as exc:
        fail(exc.message)
    typer.echo(f"Backup written to {written}.")


@cli.command("restore")
def restore_command(
    path: Path = typer.Argument(..., help="A file written by engage backup."),
    yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation."),
) -> None:
    """Replace the database's contents with a backup (servers may keep running)."""
    from app.backup import restore

    if not yes and not typer.confirm(f"Replace all data with the contents of {path}?"):
        fail("Nothing was restored.")
    try:
        safety = restore(get_settings().database_url, path)
    except EngageError as exc:
        fail(exc.message)
    typer.echo(f"Restored from {path}.")
    if safety is not None:
        typer.echo(f"What it replaced is kept as a safety copy: {safety}.")


@cli.command("report")
def report_command(
    start: str = typer.Option(..., "--from", help="First day, YYYY-MM-DD."),
    end: str = typer.Option(..., "--to", help="Last day, YYYY-MM-DD."),
    fmt: str = typer.Option("pdf", "--format", help="pdf, xlsx or csv (a zip of CSV files)."),
    output: Path = typer.Option(..., "-o", "--output", help="File to write."),
) -> None:
    """Write the engagement report for a period, as the report page shows it."""
    from datetime import date

    from app.report.cli import write_report

    if fmt not in ("pdf", "xlsx", "csv"):
        fail("Choose --format pdf, xlsx or csv.")
    try:
        first, last = date.fromisoformat(start), date.fromisoformat(end)
    except ValueError:
        fail("Give dates as YYYY-MM-DD.")
    try:
        with session_scope() as session:
            written = write_report(session, first, last, fmt, output)
    except EngageError as exc:
        fail(exc.message)
    typer.echo(f"Report written to {written}.")


@cli.command("import")
def import_command(
    path: Path = typer.Argument(..., help="A .csv or .xlsx file of organisations and contacts."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show what would happen; write nothing."),
) -> None:
    """Import organisations and contacts (with their titles) from a spreadsheet."""
    from app.imports.reading import read_rows
    from app.imports.service import apply_import, plan_import

    try:
        rows = read_rows(path.name, path.read_bytes())
        with session_scope() as session:
            with typer.progressbar(rows, label="Checking rows") as progress:
                plans = plan_import(session, list(progress))
            for plan in plans:
                person = (
                    f"; {plan.contact} {plan.row.get('full_name')}"
                    if plan.contact != "none"
                    else ""
                )
                problems = f"  PROBLEMS: {' | '.join(plan.errors)}" if plan.errors else ""
                typer.echo(
                    f"row {plan.row.number}: {plan.organisation} "
                    f"{plan.row.get('organisation')}{person}{problems}"
                )
            if dry_run:
                session.rollback()
                typer.echo("Dry run: nothing was written.")
                return
            counts = apply_import(session, plans)
        typer.echo(", ".join(f"{n} {what}" for what, n in counts.items()) + ".")
    except (EngageError, OSError) as exc:
        fail(getattr(exc, "message", str(exc)))


@cli.command()
def demo(
    host: str = typer.Option("127.0.0.1"),
    port: int = typer.Option(8000),
) -> None:
    """Upgrade the database, load the seed, create a demo login and serve."""
    from app.account.service import add_user, find_user_by_email

    db_upgrade("head")
    seed()
    email = "demo@engage.local"
    with session_scope() as session:
        existing = find_user_by_email(session, email)
        if existing is None:
            password = secrets.token_urlsafe(9)
            add_user(
                session, email=email, display_name="Demo Admin", role="admin", password=password
            )
        else:
            password = secrets.token_urlsafe(9)
            from app.account.service import set_password

            set_password(session, existing, password)
    typer.secho(
        f"\nDemo login: {email} / {password}\nOpen http://{host}:{port}/\n",
        fg=typer.colors.GREEN,
    )
    serve(host=host, port=port, workers=1)


def main() -> None:
    cli()


if __name__ == "__main__":
    main()

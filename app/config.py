"""Settings read from the environment (prefix ENGAGE_), cached once per process."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "var" / "engage.db"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ENGAGE_", env_file=".env", extra="ignore")

    database_url: str = f"sqlite:///{DEFAULT_SQLITE_PATH}"
    # Signs session cookies. Unset, the install draws one on first start and keeps it in
    # the database for every process and machine (app.secret_key); never a known default.
    secret_key: str | None = None
    timezone: str = "Asia/Karachi"
    # The organisation whose staff use this install: "our side" of every meeting.
    home_organisation: str = "Special Technology Zones Authority"
    sql_echo: bool = False
    # Requests larger than this are refused with 413 before they are read.
    max_upload_bytes: int = 12 * 1024 * 1024
    session_max_age_seconds: int = 12 * 60 * 60
    # Threads per worker process for pages, and for slow exports (app.threads).
    page_threads: int = 2
    file_threads: int = 2
    # Pages, counts and page ids kept until the data changes (app.aggregates). Off only to
    # measure what pages cost uncached (python -m bench --mixed); with it off every view
    # is built afresh, which is always correct, only slower.
    page_cache: bool = True
    # A folder where the worker processes of one server share rendered pages
    # (app.shared_pages); `engage serve --workers N` makes one for its workers.
    shared_pages_dir: str | None = None
    # Where staff reach Engage: links in e-mails and webhook payloads start with it.
    public_url: str = "http://127.0.0.1:8000"

    # Webhooks (delivered by `engage worker`): first retry after the base delay, then
    # doubling, never longer apart than the cap; given up after max attempts.
    webhook_timeout_seconds: float = 10.0
    webhook_retry_base_seconds: float = 30.0
    webhook_retry_cap_seconds: float = 6 * 60 * 60
    webhook_max_attempts: int = 10
    # Receivers must be on the public internet; hosts named here (comma-separated, as
    # "hooks.internal,10.0.0.5") may be on a private network (app.webhooks.targets).
    webhook_internal_hosts: str = ""

    # E-mail reminders: a daily digest per person, from this local hour on. No SMTP host
    # means no e-mail, and the admin page says so (never a silent failure).
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    mail_from: str = "Engage <engage@localhost>"
    digest_hour: int = 8
    digest_due_soon_days: int = 7
    worker_poll_seconds: float = 5.0

    @field_validator("database_url")
    @classmethod
    def _normalise_postgres_scheme(cls, url: str) -> str:
        for prefix in ("postgres://", "postgresql://"):
            if url.startswith(prefix):
                return "postgresql+psycopg://" + url[len(prefix) :]
        return url

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, name: str) -> str:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {name!r}") from exc
        return name

    @field_validator("secret_key")
    @classmethod
    def _refuse_weak_secret(cls, key: str | None) -> str | None:
        if not key:
            return None  # unset (or set empty): the install's own, from the database
        if key in {"changethis", "secret", "change-me"} or len(key) < 16:
            raise ValueError("ENGAGE_SECRET_KEY must be a random string of at least 16 characters")
        return key

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    return Settings()

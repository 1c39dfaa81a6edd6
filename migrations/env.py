"""Alembic environment: the URL comes from app settings (or a connection handed in by
tests), every model is registered through app.models, and SQLite runs in batch mode."""

from __future__ import annotations

from typing import Any

from alembic import context

from app.config import get_settings
from app.db import UTCDateTime, in_model_comparison, make_engine
from app.models import Base

config = context.config
target_metadata = Base.metadata


def render_item(type_: str, obj: Any, _autogen_context: Any) -> str | bool:
    # Migrations must not import app code that changes later: render our column type
    # as the plain SQLAlchemy type it stores.
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _configure(connection: Any) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        render_as_batch=connection.dialect.name == "sqlite",
        render_item=render_item,
        include_name=in_model_comparison,
    )


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(get_settings().database_url)
    with engine.connect() as connection:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


def run_migrations_offline() -> None:
    context.configure(
        url=get_settings().database_url,
        target_metadata=target_metadata,
        literal_binds=True,
        render_item=render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()

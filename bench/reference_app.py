"""The reference page: the practical ceiling for a page on this stack. A minimal FastAPI +
Jinja app rendering a 50-row table from one indexed query of a 25,000-row table."""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from jinja2 import Environment

PAGE = Environment(autoescape=True).from_string(
    "<!doctype html><title>Reference</title><table>{% for r in rows %}"
    "<tr><td>{{ r[0] }}</td><td>{{ r[1] }}</td><td>{{ r[2] }}</td></tr>{% endfor %}</table>"
)
DB = Path(tempfile.gettempdir()) / "engage-bench-reference.db"


def build() -> None:
    with sqlite3.connect(DB) as conn:
        conn.execute("DROP TABLE IF EXISTS item")
        conn.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT, grp INTEGER, day TEXT)")
        conn.executemany(
            "INSERT INTO item (name, grp, day) VALUES (?, ?, ?)",
            ((f"Item {i}", i % 500, f"2025-{1 + i % 12:02d}-01") for i in range(25_000)),
        )
        conn.execute("CREATE INDEX ix_item_grp_day ON item (grp, day)")


app = FastAPI()


@app.get("/", response_class=HTMLResponse)
def page(grp: int = 7) -> str:
    with sqlite3.connect(DB) as conn:
        rows = conn.execute(
            "SELECT name, grp, day FROM item WHERE grp >= ? ORDER BY grp, day LIMIT 50", (grp,)
        ).fetchall()
    return PAGE.render(rows=rows)

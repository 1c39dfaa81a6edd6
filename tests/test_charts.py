"""The SVG column chart keeps its text readable whatever the number of columns."""

from __future__ import annotations

import re

from app.web import templates


def column_chart(items: list[tuple[str, int]]) -> str:
    macro = templates.env.from_string(
        '{% from "_macros/charts.html" import column_chart %}{{ column_chart("T", items, "c") }}'
    )
    return macro.render(items=items)


def view_width(svg: str) -> int:
    return int(re.search(r'viewBox="0 0 (\d+)', svg).group(1))


def labels(svg: str) -> list[str]:
    return re.findall(r'class="muted-text"[^>]*>([^<]+)</text>', svg)


def test_a_short_period_is_not_scaled_up_and_every_month_is_labelled():
    svg = column_chart([("Oct 26", 0), ("Nov 26", 3)])
    # as wide as a year's chart, so a card shows its text at the size of the dashboard's
    assert view_width(svg) == view_width(column_chart([(f"M{n}", n) for n in range(12)]))
    assert labels(svg) == ["Oct 26", "Nov 26"]
    assert ">3</text>" in svg


def test_a_year_labels_every_month_whose_label_fits_and_ten_years_about_six():
    months = [(f"M{n:02}", n) for n in range(12)]  # as short as "Jan": every one fits
    assert labels(column_chart(months)) == [label for label, _ in months]
    with_years = [(f"Mon {n:02}", n) for n in range(12)]  # as long as "Oct 26": every other
    assert labels(column_chart(with_years)) == [f"Mon {n:02}" for n in range(0, 12, 2)]
    decade = [(f"M{n:03}", n) for n in range(132)]
    svg = column_chart(decade)
    assert len(labels(svg)) == 6
    assert view_width(svg) < 700  # narrow columns, so the text is not shrunk to nothing
    assert "<td>131</td>" in svg  # every value stays in the table for screen readers


def test_a_bar_chart_is_as_wide_as_its_longest_label():
    macro = templates.env.from_string(
        '{% from "_macros/charts.html" import bar_chart %}{{ bar_chart("T", items, "b") }}'
    )
    short = macro.render(items=[("Sindh", 3)])
    province = macro.render(items=[("Islamabad Capital Territory", 3), ("Sindh", 1)])
    assert ">Islamabad Capital Territory</text>" in province  # whole, never cut to "…"
    label_x = int(re.search(r'<text x="(\d+)"[^>]*text-anchor="end">Islamabad', province)[1])
    assert label_x >= len("Islamabad Capital Territory") * 9  # room to its left for all of it
    assert view_width(province) > view_width(short)  # the chart widens to make room

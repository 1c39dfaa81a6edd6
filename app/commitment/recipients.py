"""Who a pledge was made to when no organisation is recorded: all stakeholders, or someone
the source does not name. One place for the words, so forms, pages and exports agree."""

ALL_STAKEHOLDERS = "All stakeholders"
NOT_NAMED = "Not named"

# What staff type in a "Made to" field to mean everyone.
_EVERYONE = {"all stakeholders", "all", "everyone", "all parties"}


def recipient_label(to_all_stakeholders: bool) -> str:
    return ALL_STAKEHOLDERS if to_all_stakeholders else NOT_NAMED


def means_all_stakeholders(typed: str | None) -> bool:
    return " ".join((typed or "").split()).casefold() in _EVERYONE

"""The house rules CI checks (scripts/house_rules.py): a bulk or raw write to a domain's
table is caught, an ORM write is not, and the tree as it stands keeps every rule."""

from __future__ import annotations

from scripts.house_rules import BULK_WRITE, problems


def test_bulk_and_raw_writes_to_domain_tables_are_caught():
    assert BULK_WRITE.search("session.execute(update(Meeting).values(title='x'))")
    assert BULK_WRITE.search("conn.execute(delete(OrganisationAlias))")
    assert BULK_WRITE.search('session.execute(text("UPDATE pledge SET status = 1"))')


def test_orm_writes_and_other_tables_are_not():
    assert not BULK_WRITE.search("session.delete(contact)")
    assert not BULK_WRITE.search("command = PledgeUpdate(text='x')")
    assert not BULK_WRITE.search("conn.execute(update(DataGeneration))")


def test_the_tree_keeps_every_rule():
    assert problems() == []

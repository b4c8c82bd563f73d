"""Which publication an issue's masthead belongs to, and which of its entries form a masthead block.

Cross-issue rules compare the masthead of ONE publication across its issues. Two things keep them
from comparing what is not one masthead:

- The publication: the name printed in the masthead (its 报名 identifier); an issue that prints no
  name takes the name of the named issues that share its CN 号 or 邮发代号, when exactly one name
  does; otherwise it is unnamed, and unnamed issues are compared only with each other.
- The block: a web page's byline ("编辑:某某", "责任编辑:…") or a column's "投稿邮箱:…" footer is one
  line standing alone, not a masthead. An entry counts as the masthead's when it carries a phone
  number (a directory line), or when it sits in a block of at least two masthead lines (person,
  mailbox or address lines at most one line apart).
"""

from __future__ import annotations

from collections.abc import Sequence

from checks.masthead import ContactEntry, Masthead, name_in_address

__all__ = ["BLOCK_KINDS", "BRIDGE_IDENTIFIERS", "block_members", "publication_keys"]

BLOCK_KINDS = ("person", "mailbox", "address")  # the kinds that make up a masthead block
BRIDGE_IDENTIFIERS = ("CN", "邮发代号")  # identifiers that tie an unnamed issue to a named publication
_MAX_LINE_GAP = 2  # consecutive block lines may have one other (blank) line between them
_MIN_BLOCK_LINES = 2


def _name(masthead: Masthead) -> str:
    """The 报名 identifier; for a masthead stored before it existed, the name in its address entries."""
    name = masthead.identifier("报名")
    if name:
        return name
    for entry in masthead.entries:
        if entry.kind == "address" and entry.value:
            found = name_in_address(entry.value)
            if found:
                return found
    return ""


def publication_keys(mastheads: Sequence[Masthead]) -> list[str]:
    """Each masthead's publication key: its name, a name bridged by CN/邮发代号, or '' (unnamed)."""
    names_by_id: dict[tuple[str, str], set[str]] = {}
    for masthead in mastheads:
        name = _name(masthead)
        if not name:
            continue
        for role in BRIDGE_IDENTIFIERS:
            value = masthead.identifier(role)
            if value:
                names_by_id.setdefault((role, value), set()).add(name)
    keys: list[str] = []
    for masthead in mastheads:
        name = _name(masthead)
        if not name:
            bridged: set[str] = set()
            for role in BRIDGE_IDENTIFIERS:
                value = masthead.identifier(role)
                if value:
                    bridged |= names_by_id.get((role, value), set())
            name = next(iter(bridged)) if len(bridged) == 1 else ""
        keys.append(name)
    return keys


def block_members(entries: Sequence[ContactEntry]) -> list[bool]:
    """For each entry: does it belong to the masthead (a phone directory line or a block of lines)?

    Identifiers are always the masthead's (their rules are their own); other kinds need the block.
    """
    lines = sorted({e.line for e in entries if e.kind in BLOCK_KINDS})
    block_size: dict[int, int] = {}
    run: list[int] = []
    for line in [*lines, None]:
        if line is not None and run and line - run[-1] <= _MAX_LINE_GAP:
            run.append(line)
            continue
        for member in run:
            block_size[member] = len(run)
        run = [line] if line is not None else []
    return [
        e.kind not in BLOCK_KINDS
        or (e.kind == "person" and e.value is not None)
        or block_size.get(e.line, 0) >= _MIN_BLOCK_LINES
        for e in entries
    ]

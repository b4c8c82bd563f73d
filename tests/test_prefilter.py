"""The extractor's prefilter is derived from its pattern: every alternative's first character is in it.

``_PATTERN`` starts with ``(?=[_FIRST_CHARS])`` so the scan skips text quickly; an alternative whose first
character is missing from that class would be silently dropped. This test reads the compiled pattern's
parse tree (the stdlib's own parser) and computes the characters each alternative can start with.
"""

from __future__ import annotations

import re
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser as P  # type: ignore[attr-defined]
from typing import Any

from checks.figures import _FIRST_CHARS, _HANDLERS, _PATTERN

Ranges = set[tuple[int, int]]


def _first(items: Any) -> tuple[Ranges, bool]:
    """(the character ranges a sequence can start with, whether it can match the empty string)."""
    out: Ranges = set()
    for op, arg in items:
        if op is C.LITERAL:
            out.add((arg, arg))
            return out, False
        if op is C.IN:
            for inner_op, inner in arg:
                assert inner_op is not C.NEGATE, "a negated class cannot be checked"
                assert inner_op is not C.CATEGORY, "a category cannot be checked"
                out.add((inner, inner) if inner_op is C.LITERAL else inner)
            return out, False
        if op in (C.ASSERT, C.ASSERT_NOT, C.AT):
            continue  # zero-width
        if op is C.SUBPATTERN:
            ranges, empty = _first(arg[-1])
        elif op is C.BRANCH:
            ranges, empty = set(), False
            for alternative in arg[1]:
                r, e = _first(alternative)
                ranges |= r
                empty = empty or e
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            ranges, empty = _first(arg[2])
            empty = empty or arg[0] == 0
        elif op is C.GROUPREF_EXISTS:
            ranges, empty = _first(arg[1])
            if arg[2] is not None:
                r, e = _first(arg[2])
                ranges, empty = ranges | r, empty or e
        else:
            raise AssertionError(f"unhandled regular-expression node {op}")
        out |= ranges
        if not empty:
            return out, False
    return out, True


def _inside(ranges: Ranges, allowed: Ranges) -> list[str]:
    """The ranges of ``ranges`` not inside ``allowed``, printed."""
    return [f"{chr(lo)}..{chr(hi)}" for lo, hi in ranges if not any(a <= lo and hi <= b for a, b in allowed)]


def _alternatives() -> dict[str, tuple[Ranges, Ranges | None]]:
    """Each named alternative: (the characters it can start with, its family's guard or None)."""
    tree = P.parse(_PATTERN.pattern, re.VERBOSE)
    (_lookahead, (op, arg)) = list(tree)  # (?=[...])(?:alternative|family|...)
    assert op is C.BRANCH
    names = {index: name for name, index in _PATTERN.groupindex.items()}
    found: dict[str, tuple[Ranges, Ranges | None]] = {}
    pending: list[tuple[Any, Ranges | None]] = [(alternative, None) for alternative in arg[1]]
    while pending:
        alternative, guard = pending.pop(0)
        items = list(alternative)
        if items[0][0] is C.ASSERT:  # (?=[0-9])(?:…|…): a family of alternatives by first character
            ((_assert, (_direction, guard_items)), (branch_op, branch_arg)) = items
            assert branch_op is C.BRANCH
            family_guard, _ = _first(guard_items)
            pending[:0] = [(member, family_guard) for member in branch_arg[1]]
            continue
        ((sub_op, sub_arg),) = items
        assert sub_op is C.SUBPATTERN
        ranges, empty = _first(sub_arg[-1])
        assert not empty, names[sub_arg[0]]
        found[names[sub_arg[0]]] = (ranges, guard)
    return found


def test_every_alternative_starts_with_a_prefilter_character() -> None:
    allowed, _ = _first(P.parse(f"[{_FIRST_CHARS}]"))
    alternatives = _alternatives()
    assert len(alternatives) == len(_HANDLERS)
    for name, (ranges, guard) in alternatives.items():
        assert not _inside(ranges, allowed), f"{name}: {_inside(ranges, allowed)} not in _FIRST_CHARS"
        if guard is not None:
            assert not _inside(ranges, guard), f"{name}: {_inside(ranges, guard)} not in its family's guard"


def test_a_missing_first_character_would_be_caught() -> None:
    ranges, _ = _first(P.parse("(?:翻(?P<x>一)番|[甲乙]?丙)"))
    assert ranges == {(ord("翻"), ord("翻")), (ord("甲"), ord("甲")), (ord("乙"), ord("乙")), (ord("丙"), ord("丙"))}


def test_label_stops_at_every_white_space() -> None:
    from checks.figures import _SPACES

    assert set(_SPACES) == {chr(c) for c in range(0x10000) if chr(c).isspace()}

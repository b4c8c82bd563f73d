"""The comparison side of a run: which archive contact rows the focus issues' cross-issue verdicts need.

A gate checks a few new issues against thousands of old ones. The cross-issue rules
(``checks.cross_issue``) compare each issue with the PREVIOUS issue, by issue order, that prints the
same key, and issue numbers with the largest number of any earlier-dated issue. So a focus issue N
touches, per key k it prints: its own rows, the rows of the previous issue printing k (the
comparison) and the rows with key k of the next issue printing k (which is now compared with N).
For issue numbers: the earlier issue with the largest number, and every later issue whose number
N's reaches (each with the largest number before it). The contacts table is built from those rows
only (with the issue order of the whole archive), GX validates it, and only the rows that touch a
focus issue are explained. Every other archive row is left alone: it is neither validated again
nor reported.

``entry_keys`` must agree with the key functions of ``checks.cross_issue`` (tested): the filters a
rule applies to the key itself (transient roles, which identifiers are constant) are left to the
rule, which is safe because they hold for every row with that key or none.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from checks.cross_issue import TRUSTED_DATE_SOURCES, issue_order
from checks.gcpause import gc_paused
from checks.masthead import ContactEntry, Masthead
from checks.publication import block_members, publication_keys

__all__ = ["Comparison", "contact_claim_id", "entry_keys", "select_comparison"]


def contact_claim_id(masthead: Masthead, index: int) -> str:
    """The claim id ``checks.cross_issue.contacts_table`` gives a masthead's ``index``-th entry."""
    return f"contact:{masthead.sha256[:12]}:{masthead.path}:{index}"


def entry_keys(entry: ContactEntry, publication: str = "", in_masthead: bool = True) -> list[str]:
    """The keys under which the cross-issue rules compare this entry with other issues.

    Every key carries the issue's publication (two papers are never compared); a person or mailbox
    outside the masthead block (a byline) has no contact key."""
    kind, role, person, label, value = entry[0], entry[1], entry[2], entry[3], entry[4]
    valid = bool(entry[6])
    pub = f"{publication}\x1f"
    keys: list[str] = []
    if kind == "person" and in_masthead:
        if valid and value and person:
            keys.append(f"m\x1f{pub}person\x1f{person}")
        if person and role:
            keys.append(f"c\x1f{pub}{role}")
    elif kind == "mailbox" and in_masthead and valid and label and value:
        keys.append(f"m\x1f{pub}mailbox\x1f{label}")
    elif kind == "address" and in_masthead and label and value:
        keys.append(f"m\x1f{pub}address\x1f{label}")
    elif kind == "identifier" and value and role:
        keys.append(f"i\x1f{pub}{role}")
    return keys


@dataclass(frozen=True)
class Comparison:
    """The mastheads whose rows go into the contacts table, which of their entries, and their order."""

    mastheads: list[Masthead]
    orders: list[int]  # each masthead's rank in the order of ALL issues (focus and archive)
    publications: list[str]  # each masthead's publication key, bridged over ALL issues
    entries: list[tuple[int, ...] | None]  # the entry indices kept per masthead (None: all)
    in_scope: set[str]  # claim ids of the rows that touch a focus issue: the only ones explained


def _issue_number(masthead: Masthead, entry: ContactEntry) -> Decimal | None:
    if entry[0] != "identifier" or entry[1] != "期号" or masthead.date is None:
        return None
    if masthead.date_source not in TRUSTED_DATE_SOURCES:
        return None
    try:
        return Decimal(str(entry[4]))
    except (InvalidOperation, ValueError):
        return None


def select_comparison(focus: Sequence[Masthead], archive: Sequence[Masthead]) -> Comparison:
    """The focus issues' rows plus the archive rows their verdicts depend on (see the module doc).

    The cyclic GC is paused meanwhile: it would rescan the archive's ~150 000 entries again and again
    (more than half of this function's time against 10 000 stored issues), and nothing here makes cycles."""
    with gc_paused():
        return _select(focus, archive)


def _select(focus: Sequence[Masthead], archive: Sequence[Masthead]) -> Comparison:
    everything = [*focus, *archive]
    orders = issue_order(everything)
    publications = publication_keys(everything)
    members = [block_members(m.entries) for m in everything]
    n_focus = len(focus)
    wanted = {
        key
        for i in range(n_focus)
        for e, entry in enumerate(everything[i].entries)
        for key in entry_keys(entry, publications[i], members[i][e])
    }
    printers: dict[str, list[tuple[int, int]]] = defaultdict(list)  # key -> (order, masthead index)
    rows_by_key: dict[tuple[int, str], list[int]] = defaultdict(list)  # (masthead, key) -> entry indices
    numbers: list[tuple[str, Decimal, int, int]] = []  # (date, number, masthead, entry) of trusted 期号 rows
    # An entry can only carry a wanted key if its person, label or role is one a focus issue prints:
    # most archive entries are skipped on that test alone.
    names = {value for m in focus for entry in m.entries for value in (entry[1], entry[2], entry[3]) if value}
    for m_index, masthead in enumerate(everything):
        seen: set[str] = set()
        for e_index, entry in enumerate(masthead.entries):
            if entry[0] == "identifier" and entry[1] == "期号":
                number = _issue_number(masthead, entry)
                if number is not None:
                    numbers.append((f"{publications[m_index]}\x1f{masthead.date}", number, m_index, e_index))
            if entry[1] not in names and entry[2] not in names and entry[3] not in names:
                continue
            for key in entry_keys(entry, publications[m_index], members[m_index][e_index]):
                if key in wanted:
                    rows_by_key[(m_index, key)].append(e_index)
                    if key not in seen:
                        seen.add(key)
                        printers[key].append((orders[m_index], m_index))

    keep: dict[int, set[int]] = defaultdict(set)
    scope: set[tuple[int, int]] = set()
    for m_index in range(n_focus):
        keep[m_index].update(range(len(everything[m_index].entries)))
        scope.update((m_index, e) for e in range(len(everything[m_index].entries)))
    for key, issues in printers.items():
        issues.sort()
        for position, (_, m_index) in enumerate(issues):
            if m_index >= n_focus:
                continue
            if position > 0:  # the issue this focus issue is compared with
                keep[issues[position - 1][1]].update(rows_by_key[(issues[position - 1][1], key)])
            if position + 1 < len(issues):  # the issue now compared with this focus issue
                later = issues[position + 1][1]
                keep[later].update(rows_by_key[(later, key)])
                scope.update((later, e) for e in rows_by_key[(later, key)])
    _issue_numbers(numbers, n_focus, keep, scope)

    chosen = sorted(keep)
    return Comparison(
        mastheads=[everything[i] for i in chosen],
        orders=[orders[i] for i in chosen],
        publications=[publications[i] for i in chosen],
        entries=[None if i < n_focus else tuple(sorted(keep[i])) for i in chosen],
        in_scope={contact_claim_id(everything[m], e) for m, e in scope},
    )


def _issue_numbers(
    numbers: list[tuple[str, Decimal, int, int]],
    n_focus: int,
    keep: dict[int, set[int]],
    scope: set[tuple[int, int]],
) -> None:
    """Issue numbers: keep, per focus row and per later row it reaches, the largest earlier number.

    The first field is "publication\x1fdate": numbers are compared within one publication only."""
    if not numbers:
        return
    numbers.sort(key=lambda item: item[0])
    keys = [item[0] for item in numbers]
    publication = [key.split("\x1f", 1)[0] for key in keys]
    best_before: list[int | None] = []  # per position: the row with the largest number on an earlier date
    best: int | None = None
    position = 0
    while position < len(numbers):
        if position == 0 or publication[position] != publication[position - 1]:
            best = None
        end = position
        while end < len(numbers) and keys[end] == keys[position]:
            end += 1
        best_before.extend([best] * (end - position))
        for index in range(position, end):
            if best is None or numbers[index][1] > numbers[best][1]:
                best = index
        position = end

    def keep_with_best(index: int) -> None:
        _, _, m_index, e_index = numbers[index]
        keep[m_index].add(e_index)
        scope.add((m_index, e_index))
        before = best_before[index]
        if before is not None:
            keep[numbers[before][2]].add(numbers[before][3])

    for index, (key, number, m_index, _) in enumerate(numbers):
        if m_index >= n_focus:
            continue
        keep_with_best(index)
        later = bisect_left(keys, key + "\uffff")  # first row on a later date
        for other in range(later, len(numbers)):
            if publication[other] != publication[index]:
                break
            if numbers[other][1] <= number:
                keep_with_best(other)

"""The comparison side: a focus issue's cross-issue findings are the same from the reduced table as from all rows."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pandas as pd
import pytest

from checks.comparison import entry_keys, select_comparison
from checks.cross_issue import _changed_keys, _identifier_keys, _mismatch_keys, contacts_table
from checks.documents import document_from_text
from checks.masthead import Masthead, extract_masthead
from checks.publication import block_members, publication_keys
from checks.rules import load_builtin_rules

RULES = load_builtin_rules()

RULE_IDS = ("contact_mismatch", "contact_changed", "masthead_mismatch", "invalid_contact")
WEEKDAYS = "一二三四五六日"
PEOPLE = ["安世乔", "韩志强", "孙继增", "张建林", "李四"]


def _issue(index: int, rng: random.Random) -> Masthead:
    """A small masthead with random dates (some repeated), numbers, holders, phone typos and mailboxes."""
    date = dt.date(2022, 1, 3) + dt.timedelta(days=rng.randrange(40))
    number = 700 + (date - dt.date(2022, 1, 3)).days + rng.choice([0, 0, 0, -3, 5])
    paper = rng.choice(["", "", "河北法制报 ", "工人日报 "])  # two papers (and unnamed issues) are never compared
    lines = [f"{paper}{date.year}年{date.month}月{date.day}日 星期{WEEKDAYS[date.weekday()]}", f"第{number}期"]
    if rng.random() < 0.9:
        lines.append(f"邮发代号 {rng.choice(['17-77', '17-77', '17-78'])}")
    lines.append("河北法制报讯 正文。")
    for role in ("编辑部主任", "副主任", "副编审", "本期编辑"):
        if rng.random() < 0.8:
            person = rng.choice(PEOPLE)
            phone = rng.choice(["13932149635", "13932149653", "13033113276", "0311-66990808"])
            lines.append(f"{role}:{person} {phone}")
    if rng.random() < 0.7:
        lines.append(f"邮箱:{rng.choice(['hbfzbgazk@126.com', 'hbfzbgzk@126.com'])}(新闻)")
    return extract_masthead(document_from_text(f"issues/{index:03d}.txt", "\n\n".join(lines) + "\n"))


def _findings(table: pd.DataFrame, rule_id: str, only: set[str] | None) -> set[tuple[str, str, str]]:
    rule = RULES[rule_id]
    verdicts = rule.verdicts(table)  # the rule's own default options
    out = set()
    for i in table.index[~verdicts.ok]:
        row: dict[str, Any] = table.loc[i].to_dict()
        if only is not None and row["claim_id"] not in only:
            continue
        explanation = verdicts.explanations[i]
        out.add((str(row["claim_id"]), explanation.message, repr(explanation.related)))
    return out


def _involves(finding: tuple[str, str, str], paths: set[str]) -> bool:
    claim_id, _, related = finding
    return any(f":{p}:" in claim_id or f"path='{p}'" in related for p in paths)


@pytest.mark.parametrize("seed", range(12))
def test_reduced_table_gives_the_focus_findings_of_the_whole_table(seed: int) -> None:
    rng = random.Random(seed)
    issues = [_issue(i, rng) for i in range(40)]
    focus = rng.sample(issues, rng.choice([1, 1, 2, 5]))
    archive = [m for m in issues if m not in focus]
    focus_paths = {m.path for m in focus}
    whole = pd.DataFrame(contacts_table([*focus, *archive]))
    comparison = select_comparison(focus, archive)
    reduced = pd.DataFrame(
        contacts_table(comparison.mastheads, comparison.orders, comparison.entries, comparison.publications)
    )
    assert len(reduced) < len(whole)
    for rule_id in RULE_IDS:
        expected = {f for f in _findings(whole, rule_id, None) if _involves(f, focus_paths)}
        got = {f for f in _findings(reduced, rule_id, comparison.in_scope) if _involves(f, focus_paths)}
        assert got == expected, rule_id


def test_entry_keys_agree_with_the_rules_key_functions() -> None:
    rng = random.Random(7)
    mastheads = [_issue(i, rng) for i in range(30)]
    table = pd.DataFrame(contacts_table(mastheads))
    from_rules: set[tuple[str, str]] = set()
    for prefix, keys in (
        ("m", _mismatch_keys(table)),
        ("c", _changed_keys(table, RULES["contact_changed"].options)),
        ("i", _identifier_keys(table, RULES["masthead_mismatch"].options)),
    ):
        ids = dict(zip(table.index, table["claim_id"], strict=True))
        from_rules.update((str(ids[i]), f"{prefix}\x1f{k}") for i, k in keys["k"].items())
    publications = publication_keys(mastheads)
    ours = {
        (f"contact:{m.sha256[:12]}:{m.path}:{index}", key)
        for m, publication in zip(mastheads, publications, strict=True)
        for index, (entry, member) in enumerate(zip(m.entries, block_members(m.entries), strict=True))
        for key in entry_keys(entry, publication, member)
    }
    # Ours may hold more keys only where the rule filters by the key itself (transient roles, identifiers
    # that may change): never fewer, and never a different key for a row.
    assert from_rules <= ours
    extra = {key.split("\x1f")[0] for _, key in ours - from_rules}
    assert extra <= {"c", "i"}

"""Headline directions ("实现破案数抓获嫌疑人数量上升、发案数群众损失下降") against the body's changes.

A headline term is tied to a body change of its own article only when exactly one body change's label
matches it (see ``_term_matches``); the row carries both directions for ``direction_mismatch``.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import Any

import regex

from checks.claims.articles import Article, RowsByStart
from checks.claims.change import change_columns
from checks.claims.common import LEX, RowMaker, Template, clean_label
from checks.claims.lexicon import alternation

_HEAD_DIR = regex.compile(
    rf"(?P<terms>[^,，、。;；:：\s]{{2,30}}?)(?P<dir>{alternation(LEX.headline_up + LEX.headline_down)})"
    r"(?=$|[,，、。;；\s])"
)
_TERM = regex.compile(r".+?(?:数量|数|额|$)")
_TERM_FILLER = regex.compile(r"^(?:实现|全市|全省|双|均)+|(?:数量|人数|数|量|额)$")
_ACTION = regex.compile(alternation(LEX.action_words))


def build_headline_directions(
    tpl: Template, rows: RowMaker, articles: Sequence[Article], changes: Sequence[dict[str, Any]]
) -> list[dict[str, Any]]:
    """ "破案数上升、发案数下降" in a headline against the direction of the body's matching change."""
    doc = tpl.doc
    out: list[dict[str, Any]] = []
    by_start = RowsByStart(changes)  # each article takes its body's rows by bisection
    for article in articles:
        body_changes = [
            c
            for c in by_start.within(article.body_start, article.body_end)
            if c["source"] == "change" and (c["pct_dir"] or c["delta_dir"])
        ]
        if not body_changes:
            continue
        for line in article.headlines:
            line_start = doc.line_starts[line - 1]
            text = doc.norm[_norm_index(tpl, line_start) : _norm_index(tpl, line_start) + len(doc.line_text(line))]
            for m in _HEAD_DIR.finditer(text):
                for term, t_start, t_end in _split_terms(m.group("terms"), m.start("terms")):
                    core = _TERM_FILLER.sub("", term)
                    if len(core) < 2:
                        continue
                    matched = [c for c in body_changes if _term_matches(core, clean_label(str(c["label"])))]
                    if len(matched) != 1:
                        continue
                    body = matched[0]
                    body_dir = str(body["pct_dir"] or body["delta_dir"])
                    n0 = _norm_index(tpl, line_start)
                    start, _ = doc.orig_span(n0 + t_start, n0 + t_end)
                    _, end = doc.orig_span(n0 + m.start("dir"), n0 + m.end("dir"))
                    head_dir = "up" if m.group("dir") in LEX.headline_up else "down"
                    columns = change_columns(
                        source="headline",
                        label=core,
                        basis=str(body["basis"]),
                        current=None,
                        direction=body_dir,
                        direction_word=str(body["pct_word"] or body["delta_word"]),
                        headline_text=term + m.group("dir"),
                        headline_dir=head_dir,
                    )
                    columns.update(
                        {
                            "body_line": int(body["line"]),
                            "body_excerpt": str(body["excerpt"]),
                            "body_highlights": "\x1f".join(body["highlights"]),
                            "current_text": body["current_text"],
                        }
                    )
                    out.append(rows.row("headline", start, end, [term, m.group("dir")], **columns))
    return out


def _norm_index(tpl: Template, orig: int) -> int:
    """The norm offset of an original offset (first norm character at or after it)."""
    return bisect.bisect_left(tpl.doc.norm_to_orig, orig)


def _split_terms(terms: str, offset: int) -> list[tuple[str, int, int]]:
    return [(m.group(), offset + m.start(), offset + m.end()) for m in _TERM.finditer(terms) if m.group()]


def _term_matches(core: str, label: str) -> bool:
    """A headline term names a body label: the label is the end of the term ("群众损失" ~ "损失"), or
    the term's characters appear in order in the label and every action word of the label (破获, 挽回
    …) is echoed in the term: "破案" ~ "破获电信诈骗案件", but "盗窃案件" is not "破获盗窃案件" (cases
    solved are not cases reported) and "群众损失" is not "为群众挽回损失"."""
    if len(label) >= 2 and core.endswith(label):
        return True
    if len(core) < 2:
        return False
    actions = _ACTION.findall(label)
    if any(action[0] not in core for action in actions):
        return False  # the label acts on the thing (破获, 挽回 …) and the term does not say so
    if label.endswith(core):
        return True
    it = iter(label)  # "破案" ~ "破获电信诈骗案件": the term's characters in order
    return all(ch in it for ch in core)

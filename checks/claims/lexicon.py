"""The claim vocabulary (checks/claims/lexicon.yml), read and compiled once per process.

Every builder and rule reads its words from here, so the direction, basis, period and scope words,
label fillers, bylines, rank/class units, average/rate words and whole-number units exist once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import regex
import yaml

LEXICON_PATH = Path(__file__).with_name("lexicon.yml")


def alternation(words: Sequence[str]) -> str:
    """A regex alternation of literal words, longest first (so 上年同期 wins over 上年)."""
    return "|".join(regex.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _words(node: Any) -> tuple[str, ...]:
    if not isinstance(node, list) or not all(isinstance(w, str) for w in node):
        raise ValueError(f"{LEXICON_PATH}: expected a list of words, got {node!r}")
    return tuple(node)


@dataclass(frozen=True)
class Lexicon:
    """The words as tuples, and the patterns built from them (compiled once)."""

    up_long: tuple[str, ...]
    down_long: tuple[str, ...]
    up_short: tuple[str, ...]
    down_short: tuple[str, ...]
    up_rate: tuple[str, ...]
    down_rate: tuple[str, ...]
    headline_up: tuple[str, ...]
    headline_down: tuple[str, ...]
    basis_compare: tuple[str, ...]
    basis_relative: tuple[str, ...]
    basis_previous: tuple[str, ...]
    basis_after: tuple[str, ...]
    year_on_year: tuple[str, ...]
    period_on_period: tuple[str, ...]
    past_time: tuple[str, ...]
    real_growth: tuple[str, ...]
    period_patterns: tuple[tuple[str, regex.Pattern[str]], ...]
    scope_whole: dict[str, str]  # word -> level
    place: regex.Pattern[str]
    countries: tuple[str, ...]
    total: regex.Pattern[str]
    label_fillers: tuple[str, ...]
    person_titles: tuple[str, ...]
    byline: regex.Pattern[str]  # the byline patterns as one alternation: one match per line
    rank_class_units: frozenset[str]
    rank_words: tuple[str, ...]
    average_rate_words: tuple[str, ...]
    people_units: frozenset[str]
    action_words: tuple[str, ...]
    not_part_words: tuple[str, ...]
    bound_words: tuple[str, ...]
    closing_verbs: tuple[str, ...]
    from_to_qualifiers: tuple[str, ...]
    addition_words: tuple[str, ...]
    stock_words: tuple[str, ...]
    signed_words: tuple[str, ...]
    quantity_stop_words: tuple[str, ...]
    dispatch: regex.Pattern[str]
    occasion_units: tuple[str, ...]
    qualifier_class: dict[str, str]  # qualifier word -> its class (over, near, more)

    def is_byline(self, line: str) -> bool:
        return self.byline.match(line) is not None


@cache
def lexicon() -> Lexicon:
    """The lexicon, read from its YAML file the first time it is asked for."""
    raw = yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8"))
    d, b, s, lab = raw["direction"], raw["basis"], raw["scope"], raw["label"]
    periods = tuple((str(kind), regex.compile(str(pattern))) for kind, pattern in raw["period"]["patterns"])
    whole = {word: str(level) for level, words in s["whole"].items() for word in _words(words)}
    place = "|".join(f"(?:{p})" for p in _words(s["place_suffix_patterns"]))
    return Lexicon(
        up_long=_words(d["up_long"]),
        down_long=_words(d["down_long"]),
        up_short=_words(d["up_short"]),
        down_short=_words(d["down_short"]),
        up_rate=_words(d["up_rate"]),
        down_rate=_words(d["down_rate"]),
        headline_up=_words(d["headline_up"]),
        headline_down=_words(d["headline_down"]),
        basis_compare=_words(b["compare"]),
        basis_relative=_words(b["relative"]),
        basis_previous=_words(b["previous"]),
        basis_after=_words(b["after"]),
        year_on_year=_words(b["year_on_year"]),
        period_on_period=_words(b["period_on_period"]),
        past_time=_words(b["past_time"]),
        real_growth=_words(raw["real_growth"]),
        period_patterns=periods,
        scope_whole=whole,
        place=regex.compile(place),
        countries=_words(s["countries"]),
        total=regex.compile("|".join(f"(?:{p})" for p in _words(raw["total_patterns"]))),
        label_fillers=_words(lab["fillers"]),
        person_titles=_words(lab["person_titles"]),
        byline=regex.compile(
            "|".join(
                [f"(?:{p})" for p in _words(raw["byline_patterns"])]
                + [rf"(?:^\s*(?:{p}))" for p in _words(raw["dispatch_patterns"])]
            )
        ),
        rank_class_units=frozenset(_words(raw["rank_class_units"])),
        rank_words=_words(raw["rank_words"]),
        average_rate_words=_words(raw["average_rate_words"]),
        people_units=frozenset(_words(raw["people_units"])),
        action_words=_words(raw["action_words"]),
        not_part_words=_words(raw["not_part_words"]),
        bound_words=_words(raw["bound_words"]),
        closing_verbs=_words(raw["closing_verbs"]),
        from_to_qualifiers=_words(raw["from_to_qualifiers"]),
        addition_words=_words(raw["addition_words"]),
        stock_words=_words(raw["stock_words"]),
        signed_words=_words(raw["signed_words"]),
        quantity_stop_words=_words(raw["quantity_stop_words"]),
        occasion_units=_words(raw["occasion_units"]),
        qualifier_class={w: str(k) for k, words in raw["qualifier_classes"].items() for w in _words(words)},
        dispatch=regex.compile("|".join(f"(?:{p})" for p in _words(raw["dispatch_patterns"]))),
    )


@cache
def _raw() -> dict[str, Any]:
    loaded = yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8"))
    if not isinstance(loaded, dict):
        raise ValueError(f"{LEXICON_PATH}: expected a mapping")
    return loaded


def words(*keys: str) -> tuple[str, ...]:
    """A word list of the lexicon by its path of keys ("forms", "share_wholes"): the newer claim forms
    read their words through this, so a form adds a list to lexicon.yml without a Lexicon field."""
    node: Any = _raw()
    for key in keys:
        if not isinstance(node, dict) or key not in node:
            raise KeyError(f"{LEXICON_PATH}: no entry {'.'.join(keys)}")
        node = node[key]
    return _words(node)

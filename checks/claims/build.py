"""Build every claim table of one document from its figures."""

from __future__ import annotations

from typing import Any

from checks.claims.among import build_among
from checks.claims.articles import FigureIndex, segment
from checks.claims.breakdown import build_complements
from checks.claims.change import build_changes
from checks.claims.common import RowMaker, build_template
from checks.claims.context import figure_contexts
from checks.claims.from_to import build_from_to
from checks.claims.from_to_list import build_from_to_lists
from checks.claims.headline import build_headline_directions
from checks.claims.headline_rate import build_headline_rates
from checks.claims.identity import build_identities
from checks.claims.part_whole import build_arithmetic, build_parts
from checks.claims.parts_across import build_parts_across
from checks.claims.repeated import build_repeats
from checks.claims.share import PartLink, build_share_lists, build_shares
from checks.claims.stock import build_stock
from checks.claims.weekday import build_weekdays
from checks.documents import Document
from checks.figure import Figure
from checks.gcpause import gc_paused

TABLES = ("changes", "sums", "parts", "shares", "share_lists", "repeats", "weekdays")


def build_claims(doc: Document, figures: list[Figure]) -> dict[str, list[dict[str, Any]]]:
    """Claim-table rows keyed by table name; every table is present, possibly empty.

    From->to claims are built first so that their figures are not read again as a change's current
    figure ("由70%提升至99%,提升29个百分点").
    """
    with gc_paused():  # tens of thousands of small rows and tuples on a large issue, none of them cyclic
        return _build_claims(doc, figures)


def _build_claims(doc: Document, figures: list[Figure]) -> dict[str, list[dict[str, Any]]]:
    tpl = build_template(doc, figures)
    rows = RowMaker(doc)
    consumed: set[int] = set()
    from_to_changes = build_from_to_lists(tpl, rows, consumed)
    listed_changes, from_to_sums = build_from_to(tpl, rows, consumed)
    from_to_changes += listed_changes
    changes = from_to_changes + build_changes(tpl, rows, consumed)
    articles = segment(tpl)
    changes += build_headline_directions(tpl, rows, articles, changes)
    contexts, index = figure_contexts(tpl), FigureIndex(tpl)
    links: list[PartLink] = []
    parts = build_parts(tpl, rows, links)
    parts += build_parts_across(tpl, rows, links)  # after build_parts: a list it tied is not tied again
    rates = build_headline_rates(tpl, rows, articles, changes, contexts, index)
    rated = {(int(r["line"]), str(r["first_text"])) for r in rates}  # head figures headline_rate has paired
    return {
        "changes": changes,
        "sums": from_to_sums
        + build_arithmetic(tpl, rows)
        + build_identities(tpl, rows)
        + build_complements(tpl, rows, links),
        "parts": parts + build_stock(tpl, rows) + build_among(tpl, rows),
        "shares": build_shares(tpl, rows, links),
        "share_lists": build_share_lists(tpl, rows),
        "repeats": rates + build_repeats(tpl, rows, articles, contexts, index, rated),
        "weekdays": build_weekdays(doc, rows, figures),
    }

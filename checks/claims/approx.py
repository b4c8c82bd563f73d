"""An approximate figure ("约67.65亿元") as an interval: its printed precision, widened.

The extractor gives 约/左右 figures no bounds (it cannot know how far "about" reaches). A claim still
needs them: "约67.65亿元,较去年的58.4亿元,同比增长15.8%" is checkable, but only as far as 约 allows.
The printed precision ([67.645, 67.655)亿) is widened on both sides by a share of the value (lexicon
``forms.approximate_slack``, 5 %), so a rule flags only what no value within that reach can satisfy;
bounds (超过, 近, 余 …) keep their one open side and stay unjudged where a rule needs two.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from functools import cache

from checks.claims.lexicon import words
from checks.documents import document_from_text
from checks.figure import Figure


@cache
def _slack() -> Decimal:
    return Decimal(words("forms", "approximate_slack")[0])


@cache
def _qualifiers() -> frozenset[str]:
    return frozenset(words("forms", "approximate_words"))


@cache
def _printed(text: str) -> tuple[Decimal, Decimal] | None:
    """The precision interval of the figure as printed, without its 约: [low, high)."""
    from checks.figures import extract_figures  # the extractor imports nothing of the claims

    found = extract_figures(document_from_text("approx.txt", text), year=2000)
    if len(found) != 1 or found[0].low is None or found[0].high is None or found[0].text != text:
        return None
    return found[0].low, found[0].high


def widened(fig: Figure) -> Figure:
    """The figure with bounds when it is an approximate value (约, 大约, 左右); any other figure unchanged."""
    if not fig.approximate or fig.low is not None or fig.high is not None or fig.qualifier not in _qualifiers():
        return fig
    printed = _printed(fig.text.removesuffix(fig.qualifier))  # "42亿元左右" prints 42亿元
    if printed is None:
        return fig
    slack = abs(fig.value) * _slack()
    return replace(fig, low=printed[0] - slack, high=printed[1] + slack)

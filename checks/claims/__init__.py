"""Claims: figures the text ties together, as rows of claim tables that the in-issue rules check.

Tables (see ``checks.claims.build``): ``changes`` (current/delta/percent, distributive lists,
from->to, headline directions), ``sums`` (a - b = c), ``parts`` (其中), ``repeats`` (the same
labelled figure stated twice) and ``weekdays`` (a date with its weekday).
"""

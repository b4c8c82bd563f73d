"""Pausing Python's cyclic garbage collector while a stage builds many small acyclic objects.

Building tens of thousands of dicts and tuples (claim rows, contact rows, stored mastheads) triggers
the collector again and again, and each older-generation pass walks every live object: on one large
issue that made claim building grow faster than its input. Reference counting still frees
everything these stages drop; the collector resumes (if it was on) when the stage ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Run the block with the cyclic GC off, restoring its previous state afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()

"""Preloaded into one ``dask worker`` by tests/test_engine_dask.py: its batches stall, so the test can kill it mid-task.

The worker announces each batch it starts by creating a file in ``$CHECKFACTS_STALL_DIR`` and then
sleeps far longer than the test waits: a batch it holds can only finish if Dask reruns it elsewhere.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import checks.engine_dask as engine

_analyze_batch = engine.analyze_batch


def _stalling_batch(batch: list[engine.Job]) -> engine.FrameBatch:
    folder = Path(os.environ["CHECKFACTS_STALL_DIR"])
    (folder / f"started-{os.getpid()}-{time.monotonic_ns()}").touch()
    time.sleep(600)
    return _analyze_batch(batch)


engine.analyze_batch = _stalling_batch

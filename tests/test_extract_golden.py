"""The seeds' figures, record for record, against a digest kept here.

A speed-up of the extractor must not change one byte of what it extracts. When a change of a figure
is deliberate, the digest is updated in the same commit and the commit says which figures changed.
"""

from __future__ import annotations

import hashlib
import json

from checks.documents import read_document
from checks.figures import extract_figures
from tests.conftest import SEEDS

GOLDEN = "34f4eb464e9e37e92ca1fa2f1c0cb4e9ed84da3a57a0a413c855c2426ff3ea06"


def seeds_digest() -> tuple[int, str]:
    digest = hashlib.sha256()
    count = 0
    for path in sorted(SEEDS.glob("*.txt")):
        for figure in extract_figures(read_document(path)):
            record = {"path": path.name, **figure.to_record()}
            digest.update(json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n")
            count += 1
    return count, digest.hexdigest()


def test_seed_figures_match_the_golden_digest() -> None:
    count, digest = seeds_digest()
    assert digest == GOLDEN, f"{count} figures, digest {digest}"

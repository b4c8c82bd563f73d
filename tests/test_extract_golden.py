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

GOLDEN = "5e90f59f06bc37c13e09257be168e41456a96a5558a079df6e69b96e3b949e71"


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

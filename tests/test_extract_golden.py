"""The seeds' figures, record for record, against a digest kept here; and, when ../shared is beside the
checkout, the figures and claim rows of the real articles and reports.

A speed-up of the extractor or of claim building must not change one byte of what it finds. When a
change is deliberate, the digest is updated in the same commit and the commit says what changed
(`bench/diff_realnews.py --before REV` lists the figures). Only digests are kept: no real text.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from checks.claims.build import build_claims
from checks.documents import read_document
from checks.figures import extract_figures
from tests.conftest import SEEDS

GOLDEN = "87bb1442c4850ac1bc4feee85326f414710505c4994c9f81ee42601c2b2acf8c"


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


SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
# (figures, claim rows) of every file of each corpus, in path order; see shared_digest.
SHARED_GOLDEN = {
    "realnews": (
        "8c9f3315cab5f00b2e89e831426a22c96da20a4c264c28c50e29c261caad5cdb",
        "d73f57c3c531f3c0842deff2efaa8f4edc88f48cacde611d1a260744adcb3da8",
    ),
    "realdata": (
        "803d69450d4ba861cd71f4783f5de37efadd98e5f681aa734526c8da9ad1f980",
        "501278852b865583cba493b0a5fa6cbd559347a104dcb488071610624c46886f",
    ),
}


def shared_digest(corpus: Path) -> tuple[int, str, int, str]:
    """Counts and sha256 digests of the figure records and of the claim rows of every file, in path order."""
    figures, claims = hashlib.sha256(), hashlib.sha256()
    n_figures = n_claims = 0
    for path in sorted(corpus.rglob("*.txt")):
        doc = read_document(path)
        found = extract_figures(doc)
        for figure in found:
            figures.update(json.dumps(figure.to_record(), ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n")
            n_figures += 1
        # Rows name their file; the digest must not depend on where the checkout and ../shared lie.
        where, relative = json.dumps(str(path), ensure_ascii=False)[1:-1], path.relative_to(corpus).as_posix()
        for table, rows in sorted(build_claims(doc, found).items()):
            for row in rows:
                line = json.dumps({"table": table, **row}, ensure_ascii=False, sort_keys=True, default=str)
                line = line.replace(where, relative)
                claims.update(line.encode("utf-8") + b"\n")
                n_claims += 1
    return n_figures, figures.hexdigest(), n_claims, claims.hexdigest()


@pytest.mark.parametrize("corpus", sorted(SHARED_GOLDEN))
def test_real_text_figures_and_claims_match_their_digests(corpus: str) -> None:
    folder = SHARED / corpus
    if not folder.is_dir():
        pytest.skip(f"../shared/{corpus} is not on this machine")
    n_figures, figures, n_claims, claims = shared_digest(folder)
    want_figures, want_claims = SHARED_GOLDEN[corpus]
    assert figures == want_figures, f"{corpus}: {n_figures} figures, digest {figures}"
    assert claims == want_claims, f"{corpus}: {n_claims} claim rows, digest {claims}"

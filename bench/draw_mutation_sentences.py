"""Draw candidate sentences for the holdout mutation cases, in a fixed random order, to the terminal only.

Not a test. Usage:
    .venv/bin/python bench/draw_mutation_sentences.py [--seed 20261203] [--start 0] [--count 60] [--shared ../shared]

The procedure (also written in bench/mutation_cases_holdout.json's "about"), so anyone can redraw the same list:
1. Files: every `*.txt` under ../shared/realnews and ../shared/realdata, sorted by relative path.
2. Lines are split on "\\n" only (the checker's numbering, 1-based); a trailing "\\r" is dropped. Each line is cut
   into sentences after 。！？!? (a line without one is one sentence).
3. A sentence is a candidate when it holds at least two quantity figures (an Arabic number not directly followed
   by 年月日号时, so dates and years do not count), or a day of the month and a weekday word (星期/周/礼拜 + 一…日),
   or when its line is a title (no sentence end inside, at most 60 characters) holding at least one quantity.
   Before counting, numbers that are not the text's figures are blanked: links, time stamps, clock times, 8-digit
   date stamps and a list number at the start of a line ("19." "（3）"); a sentence without a Chinese character is
   never a candidate. No relation word is required, so the draw is not tuned to the forms any checker handles.
4. Candidates on a (path, line) already used in bench/mutation_cases.json are removed. The lines it used when the
   holdout was drawn are frozen in bench/mutation_cases_holdout.json ("draw" / "excluded_lines") and read from
   there, so later edits of the hand-chosen cases do not reshuffle the draw.
5. The candidate list (in file, line, sentence order) is shuffled with random.Random(seed); walking it in that
   order, only the first candidate drawn on each (path, line) is kept, so no line gives two cases.
6. A person then takes the drawn sentences in order, skips one only when it states no checkable arithmetic
   relation (the reason goes in the report), and makes every fifth kept sentence a quiet (truth-keeping) case,
   the others detect cases, until there are 40 detect and 10 quiet.

Each drawn sentence is printed with its rank, place, and the figures on its line with their occurrence index
(as bench/mutations.py counts them). The texts are copyrighted: never redirect this output into the repository.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.mutations import CASES, occurrences
from bench.realtext import SHARED

HOLDOUT = Path(__file__).resolve().parent / "mutation_cases_holdout.json"

SEED = 20261203
FOLDERS = ("realnews", "realdata")
TITLE_MAX = 60
_SENTENCE = re.compile(r"[^。！？!?]*[。！？!?]+|[^。！？!?]+$")
_NUMBER = re.compile(r"(?<![0-9０-９.．])[0-9０-９]+(?:[.．][0-9０-９]+)?")
_DATE_UNIT = "年月日号时"
_WEEKDAY = re.compile(r"(?:星期|礼拜|周)[一二三四五六日天]")
_DAY = re.compile(r"[0-9０-９]+日")
_SENTENCE_END = re.compile(r"[。！？!?]")
_FIGURE = re.compile(r"(?<![0-9０-９.．])[0-9０-９]+(?:[.．][0-9０-９]+)?%?")
# Numbers that are not figures of the text: links, time stamps, clock times, date stamps, list numbering.
_NOISE = re.compile(
    r"\[[^\]]*\]\([^)]*\)|https?://\S+|\d{4}-\d{2}-\d{2}T[\d:.]+Z?|\d{1,2}:\d{2}|(?<!\d)(?:19|20)\d{6}(?!\d)"
    r"|^\s*(?:#+\s*)?(?:[0-9０-９]+[.．、](?![0-9０-９])|[（(][0-9０-９]+[）)])"
)
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Candidate:
    path: str  # relative to the shared folder
    line: int  # 1-based
    index: int  # sentence index on the line, 0-based
    text: str


def quantities(sentence: str) -> int:
    """Arabic numbers in the sentence that are not years, months, days or hours."""
    count = 0
    for match in _NUMBER.finditer(sentence):
        rest = sentence[match.end() : match.end() + 2].lstrip()
        if not rest or rest[0] not in _DATE_UNIT:
            count += 1
    return count


def is_candidate(sentence: str, line: str) -> bool:
    """Step 3 of the procedure."""
    sentence = _NOISE.sub(" ", sentence)
    if not _CJK.search(sentence):
        return False
    if quantities(sentence) >= 2:
        return True
    if _WEEKDAY.search(sentence) and _DAY.search(sentence):
        return True
    title = not _SENTENCE_END.search(line) and len(line.strip()) <= TITLE_MAX
    return title and quantities(sentence) >= 1


def used_lines(cases: Path) -> set[tuple[str, int]]:
    """The (path, line) places the hand-chosen mutation cases use."""
    data = json.loads(cases.read_text(encoding="utf-8"))
    return {(row["path"], row["line"]) for row in data["cases"]}


def excluded_lines(holdout: Path = HOLDOUT, cases: Path = CASES) -> set[tuple[str, int]]:
    """Step 4's lines: those frozen in the holdout file when it has them, else the hand-chosen cases' lines."""
    if holdout.is_file():
        frozen = json.loads(holdout.read_text(encoding="utf-8")).get("draw", {}).get("excluded_lines")
        if isinstance(frozen, list):
            return {(str(path), int(line)) for path, line in frozen}
    return used_lines(cases)


def candidates(shared: Path, excluded: set[tuple[str, int]]) -> Iterator[Candidate]:
    """Steps 1-4, in file, line and sentence order."""
    files = sorted(p for folder in FOLDERS for p in (shared / folder).rglob("*.txt"))
    for file in files:
        relative = file.relative_to(shared).as_posix()
        for number, raw in enumerate(file.read_bytes().decode("utf-8").split("\n"), start=1):
            line = raw.rstrip("\r")
            if (relative, number) in excluded:
                continue
            for index, match in enumerate(_SENTENCE.finditer(line)):
                sentence = match.group(0).strip()
                if sentence and is_candidate(sentence, line):
                    yield Candidate(relative, number, index, sentence)


def draw(pool: list[Candidate], seed: int) -> list[Candidate]:
    """Step 5: shuffle, then the first candidate drawn on each line."""
    order = list(pool)
    random.Random(seed).shuffle(order)
    seen: set[tuple[str, int]] = set()
    drawn = []
    for candidate in order:
        if (candidate.path, candidate.line) not in seen:
            seen.add((candidate.path, candidate.line))
            drawn.append(candidate)
    return drawn


def figures_on_line(line: str, sentence: str) -> str:
    """The sentence's figures with their occurrence index on the whole line (bench/mutations.py's counting)."""
    start = line.find(sentence)
    shown = []
    for match in _FIGURE.finditer(sentence):
        figure = match.group(0)
        offsets = occurrences(line, figure)
        where = offsets.index(start + match.start()) if start + match.start() in offsets else -1
        shown.append(f"{figure}#{where}")
    return " ".join(shown)


def main() -> int:
    parser = argparse.ArgumentParser(description="Draw candidate sentences for holdout mutation cases (see doc).")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--start", type=int, default=0, help="first rank to print (0-based)")
    parser.add_argument("--count", type=int, default=60, help="how many drawn sentences to print")
    parser.add_argument("--shared", type=Path, default=SHARED)
    args = parser.parse_args()
    if not args.shared.is_dir():
        print(f"{args.shared}: shared texts not found; nothing to draw (skipped)")
        return 0
    pool = list(candidates(args.shared, excluded_lines()))
    drawn = draw(pool, args.seed)
    by_folder = {folder: sum(c.path.startswith(folder + "/") for c in drawn) for folder in FOLDERS}
    print(f"{len(pool)} candidate sentences, {len(drawn)} lines after one per line; by folder: {by_folder}")
    lines: dict[str, list[str]] = {}
    for rank in range(args.start, min(args.start + args.count, len(drawn))):
        candidate = drawn[rank]
        if candidate.path not in lines:
            text = (args.shared / candidate.path).read_bytes().decode("utf-8")
            lines[candidate.path] = [raw.rstrip("\r") for raw in text.split("\n")]
        line = lines[candidate.path][candidate.line - 1]
        print(f"\n#{rank} {candidate.path}:{candidate.line} s{candidate.index}")
        print(f"   {candidate.text}")
        print(f"   figures: {figures_on_line(line, candidate.text)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

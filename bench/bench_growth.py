"""Benchmark linearity: time per character of every stage as one issue grows, and one long line against lines.

Not a test. Usage: .venv/bin/python bench/bench_growth.py [--scales 1,4,8,16,32] [--rounds 3] [--line-chars 7000000]

Growth: the five seeds concatenated into one file, that block repeated 1×, 4×, 8×, 16×, 32×. Each
stage is timed on its own, so a super-linear one is named with its owner: reading (documents),
masthead, figures (extraction), claims, validation through Great Expectations (GX imported first,
outside the timing), each the fastest of ``--rounds`` timings. Printed per scale: µs per 1 000
characters per stage, and the marginal cost per character from 8× to 16× and from 16× to 32×
(linear: ratio ≈ 1; the target is ≤ 1.5).

Long line: the same text (``--line-chars`` characters of the repeated seeds) once in its lines and
once with every line break replaced by a space, so it is one line; the ratio of the two run times
is printed per stage (target ≤ 1.5), each the best of ``--line-rounds`` alternating rounds: read,
masthead, figures and claims (``--line-stages``; claims on one line were quadratic until cab0c52).

``--cli``: the same two checks on the real command, ``checkfacts run FILE --no-store`` in a fresh
process (GX's import, validation and the four reports included), best of ``--cli-rounds`` wall times:
the marginal wall time per character 16×→32× against 8×→16×, and the long line against lines.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import seeds_concatenated  # noqa: E402

STAGES = ("read", "masthead", "figures", "claims", "validate")


def stage_times(text: str, suite: Any, stages: tuple[str, ...] = STAGES) -> dict[str, float]:
    """Seconds per stage for one issue with this text (the pipeline's stages, called one by one).

    Stages after the last one asked for are not run (claims building is too slow at 7 M characters)."""
    from checks.claims.build import build_claims
    from checks.cross_issue import contacts_table
    from checks.documents import document_from_text
    from checks.figures import extract_figures
    from checks.masthead import extract_masthead
    from checks.validate import validate_tables

    times: dict[str, float] = {}

    def timed(name: str, fn: Callable[[], Any]) -> Any:
        started = time.perf_counter()
        value = fn()
        times[name] = time.perf_counter() - started
        return value

    doc = timed("read", lambda: document_from_text("bench.txt", text))
    masthead = timed("masthead", lambda: extract_masthead(doc))
    year = int(masthead.date[:4]) if masthead.date else None
    figures = timed("figures", lambda: extract_figures(doc, year=year))
    if "claims" not in stages:
        return times
    tables = timed("claims", lambda: build_claims(doc, figures))
    if "validate" not in stages:
        return times
    tables["contacts"] = contacts_table([masthead])
    timed("validate", lambda: validate_tables(tables, suite))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,4,8,16,32")
    parser.add_argument("--line-chars", type=int, default=7_000_000)
    parser.add_argument("--line-stages", default="read,masthead,figures,claims", help="stages timed on the long line")
    parser.add_argument("--line-rounds", type=int, default=3, help="alternating rounds of the long-line comparison")
    parser.add_argument(
        "--rounds", type=int, default=3, help="timings per scale; each stage keeps its fastest (load disturbs it least)"
    )
    parser.add_argument("--cli", action="store_true", help="also time the real `checkfacts run` (see above)")
    parser.add_argument("--cli-rounds", type=int, default=2, help="wall times per input for --cli (the best is kept)")
    args = parser.parse_args()

    from checks.config import load_suite
    from checks.rules import load_builtin_rules
    from checks.validate import GX

    suite = load_suite(ROOT / "expectations", set(load_builtin_rules()))
    GX.get()
    stage_times(seeds_concatenated(1), suite)  # warm-up: first-call costs (pattern compilation, cn2an)

    scales = [int(s) for s in args.scales.split(",") if s.strip()]
    sizes: dict[int, int] = {}
    results: dict[int, dict[str, float]] = {}
    print("growth: the seeds concatenated into one file; µs per 1 000 characters per stage")
    print(f"{'scale':>6} {'characters':>11} " + " ".join(f"{s:>9}" for s in STAGES) + f" {'total':>9}")
    for scale in scales:
        text = seeds_concatenated(scale)
        sizes[scale] = len(text)
        rounds = [stage_times(text, suite) for _ in range(max(1, args.rounds))]
        results[scale] = {stage: min(r[stage] for r in rounds) for stage in STAGES}
        per_k = {s: results[scale][s] / len(text) * 1e9 for s in STAGES}
        total = sum(results[scale].values()) / len(text) * 1e9
        print(f"{scale:>5}× {len(text):>11,} " + " ".join(f"{per_k[s]:>9.1f}" for s in STAGES) + f" {total:>9.1f}")

    def marginal(a: int, b: int, stage: str | None) -> float:
        def pick(times: dict[str, float]) -> float:
            return sum(times.values()) if stage is None else times[stage]

        return (pick(results[b]) - pick(results[a])) / (sizes[b] - sizes[a])

    if {8, 16, 32} <= set(scales):
        print("marginal cost per character, 16×→32× against 8×→16× (target ≤ 1.5):")
        for stage in (*STAGES, None):
            low, high = marginal(8, 16, stage), marginal(16, 32, stage)
            shown = f"{high / low:.2f}" if low > 0 else "- (its time falls as the text grows: a fixed cost)"
            print(f"  {stage or 'total':>9}: {shown}")

    lined, one_line = _line_layouts(args.line_chars) if args.line_chars > 0 else ("", "")
    if args.cli:
        _cli_growth(scales, args.cli_rounds, lined, one_line)
    if not lined:
        return
    line_stages = tuple(s for s in STAGES if s in args.line_stages.split(","))
    # Alternating rounds, best time per stage and layout: on a shared machine one run of each drifts
    # with the load by more than the ratio asked for (1.5).
    in_lines: dict[str, float] = {}
    on_one: dict[str, float] = {}
    for _ in range(max(1, args.line_rounds)):
        for text, best in ((lined, in_lines), (one_line, on_one)):
            for stage, seconds in stage_times(text, suite, line_stages).items():
                best[stage] = min(seconds, best.get(stage, seconds))
    print(
        f"one line of {len(one_line):,} characters against the same text in {lined.count(chr(10)) + 1:,} lines "
        f"(best of {max(1, args.line_rounds)} alternating rounds):"
    )
    for stage in in_lines:
        ratio = on_one[stage] / in_lines[stage] if in_lines[stage] > 0 else float("nan")
        print(f"  {stage:>9}: lines {in_lines[stage]:7.2f} s, one line {on_one[stage]:7.2f} s, ratio {ratio:.2f}")
    total_lines, total_one = sum(in_lines.values()), sum(on_one.values())
    ratio = total_one / total_lines
    print(f"  {'total':>9}: lines {total_lines:7.2f} s, one line {total_one:7.2f} s, ratio {ratio:.2f}")


def _line_layouts(chars: int) -> tuple[str, str]:
    """``chars`` characters of the repeated seeds in their lines, and the same with every break a space."""
    block = seeds_concatenated(1)
    lined = "\n\n".join([block] * (chars // len(block) + 1))[:chars]
    return lined, lined.replace("\r", " ").replace("\n", " ")


def cli_run(text: str) -> tuple[float, dict[str, float]]:
    """Wall seconds of ``checkfacts run`` on one issue holding ``text`` (a fresh process), and its report's
    phase timings."""
    with tempfile.TemporaryDirectory(prefix="checkfacts-growth-") as tmp:
        issue = Path(tmp) / "issues" / "issue.txt"
        issue.parent.mkdir()
        issue.write_text(text, encoding="utf-8")
        out = Path(tmp) / "reports"
        command = [str(Path(sys.executable).with_name("checkfacts")), "run", str(issue.parent), "--no-store", "-q"]
        command += ["--out", str(out), "--rules", str(ROOT / "expectations")]
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "CI": "1"})
        wall = time.perf_counter() - started
        if done.returncode not in (0, 1):
            raise SystemExit(f"checkfacts run exited {done.returncode}: {done.stderr.strip()[-500:]}")
        timings = json.loads((out / "report.json").read_text(encoding="utf-8")).get("timings", {})
        return wall, timings


def _cli_growth(scales: list[int], rounds: int, lined: str, one_line: str) -> None:
    """The real command's wall time per scale and on the long line (each the best of ``rounds``)."""
    rounds = max(1, rounds)
    walls: dict[int, float] = {}
    sizes: dict[int, int] = {}
    print(f"checkfacts run on one file, best of {rounds} (a fresh process each: GX's import and the reports included):")
    for scale in scales:
        text = seeds_concatenated(scale)
        sizes[scale] = len(text)
        timed = [cli_run(text) for _ in range(rounds)]
        walls[scale], timings = min(timed, key=lambda t: t[0])
        phases = ", ".join(f"{k} {v:.2f}" for k, v in timings.items() if v >= 0.005)
        print(f"  {scale:>4}× {len(text):>11,} characters: wall {walls[scale]:6.2f} s ({phases})")
    if {8, 16, 32} <= set(scales):
        low = (walls[16] - walls[8]) / (sizes[16] - sizes[8])
        high = (walls[32] - walls[16]) / (sizes[32] - sizes[16])
        ratio = high / low if low > 0 else float("nan")
        print(f"  marginal wall per character, 16×→32× against 8×→16×: {ratio:.2f} (target ≤ 1.5)")
    if lined:
        best: dict[str, float] = {}
        for _ in range(rounds):  # alternating: load drifts between the two layouts are shared
            for name, text in (("lines", lined), ("one line", one_line)):
                best[name] = min(cli_run(text)[0], best.get(name, float("inf")))
        print(
            f"  {len(lined):,} characters: in lines {best['lines']:.2f} s, on one line {best['one line']:.2f} s, "
            f"ratio {best['one line'] / best['lines']:.2f} (target ≤ 1.5)"
        )


if __name__ == "__main__":
    main()

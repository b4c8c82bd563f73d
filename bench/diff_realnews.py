"""Diff the figures of an older revision against this checkout's, on real news (or any folders).

Not a test. Usage: .venv/bin/python bench/diff_realnews.py --before main [PATHS…]
(default PATHS: ../shared/realnews). Prints how many figures each side has, how many are the same
record byte for byte, and every difference grouped by class: a figure only the old code found, only
the new code found, or the same span with a different record (with the fields that changed).
The text of the articles is not printed beyond each figure's own characters.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from _versions import ROOT, checkout, run_in

_DUMP = """
import json, sys
from checks.documents import collect_paths, read_document
from checks.figures import extract_figures
files, _ = collect_paths(sys.argv[1:])
for path in files:
    for f in extract_figures(read_document(path)):
        print(json.dumps({"path": path, **f.to_record()}, ensure_ascii=False, sort_keys=True))
"""

Record = dict[str, object]


def _records(root: Path, paths: list[str]) -> dict[tuple[object, ...], Record]:
    out: dict[tuple[object, ...], Record] = {}
    for line in run_in(root, _DUMP, *paths).splitlines():
        record: Record = json.loads(line)
        out[(record["path"], record["start"], record["end"])] = record
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--before", default="main", help="git revision to compare against (default: main)")
    parser.add_argument("--examples", type=int, default=3, help="examples printed per class")
    parser.add_argument("paths", nargs="*")
    args = parser.parse_args()
    paths = [str(Path(p).resolve()) for p in args.paths] or [str((ROOT.parent / "shared" / "realnews").resolve())]
    if not all(Path(p).exists() for p in paths):
        raise SystemExit(f"no such path among {paths}: nothing to compare")
    old = _records(checkout(args.before), paths)
    new = _records(ROOT, paths)
    same = sum(1 for key, record in new.items() if old.get(key) == record)
    print(f"old ({args.before}): {len(old):,} figures; new: {len(new):,}; identical records: {same:,}")
    classes: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    for key in sorted(old.keys() | new.keys(), key=str):
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        if before is None:
            assert after is not None
            name = f"new figure: kind {after['kind']}, unit {after['unit']}"
            shown = f"{after['text']!r} -> {after['value']} [{after['low']}, {after['high']})"
        elif after is None:
            name = f"dropped: kind {before['kind']}, unit {before['unit']}"
            shown = f"{before['text']!r} was {before['value']} [{before['low']}, {before['high']})"
        else:
            changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
            name = f"changed {'/'.join(changed)}"
            shown = f"{after['text']!r}: " + ", ".join(f"{k} {before.get(k)!r} -> {after.get(k)!r}" for k in changed)
        classes[name] += 1
        examples.setdefault(name, [])
        if len(examples[name]) < args.examples:
            examples[name].append(shown.replace("\n", "⏎"))
    for name, count in classes.most_common():
        print(f"{count:6d}  {name}")
        for shown in examples[name]:
            print(f"        {shown}")


if __name__ == "__main__":
    main()

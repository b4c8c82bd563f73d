"""Benchmark the fact store: one new issue checked against an archive of >= 10 000 issues.

Not a test. Usage: .venv/bin/python bench/bench_store.py [--issues 10000] [--figures 40] [--no-gx]

The archive is the seeds' masthead (002) varied per issue: one issue a week going back in time,
issue numbers counting down, the 本期编辑 changing, now and then a new 副编审, a phone typo in
about one issue in 200 and a dash variant of the landline in every other issue. Each stored issue
also carries ``--figures`` synthetic figure records so the size on disk is realistic. Reported:
building the store, then for one NEW issue: extraction, put, loading every masthead from the
store, building the contacts table, the four rules' checks (pandas), explaining the findings, and
the same rules through Great Expectations (``checks.validate``); plus the store's size on disk.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checks.cross_issue import contacts_table  # noqa: E402
from checks.documents import document_from_text  # noqa: E402
from checks.figure import Figure  # noqa: E402
from checks.masthead import extract_masthead  # noqa: E402
from checks.rules import load_builtin_rules  # noqa: E402
from checks.store import FactStore  # noqa: E402

RULES = load_builtin_rules()

RULE_IDS = ("contact_mismatch", "contact_changed", "masthead_mismatch", "invalid_contact")
EDITORS = ["章彤华 15131450199", "刘帅 18032890055", "王量 13831800001", "郭建博 13931800002", "张楠 15031800003"]
WEEKDAYS = "一二三四五六日"


def issue_text(index: int, date: dt.date, number: int) -> str:
    """A masthead like seed 002's, varied by ``index`` (deterministic)."""
    landline = "0311-66990802" if index % 2 else "0311—66990802"
    deputy = "张 哲 0311—66990818" if (index // 500) % 2 else "张建林 0311-66990808"
    han = "13303113276" if index % 200 == 7 else "13033113276"
    editors = "\n".join(EDITORS[(index + k) % len(EDITORS)] for k in range(2))
    return (
        f"{date.year}年{date.month}月{date.day}日 星期{WEEKDAYS[date.weekday()]}\n\n"
        f"第{number}期 本刊今日4版\n\n邮发代号 17-77\n\n国内统一连续出版物号 CN13-0033\n\n"
        "河北法制报讯 正文。\n\n"
        f"省厅编审:杨江龙 {landline}\n副编审:{deputy}\n编辑部主任:安世乔 13932149635\n"
        f"副主任:韩志强 {han}\n孙继增 13032610871\n本期编辑:{editors}\n"
        "编辑部地址:红旗大街134号河北法制报社\n槐安西路276号河北省公安厅\n"
        "邮箱:hbfzbgazk@126.com(新闻)\ngazkfk@126.com(副刊)\n\n本版责编:章彤华\n"
    )


def figures(count: int, seed: int) -> list[Figure]:
    out = []
    for k in range(count):
        value = Decimal(seed % 997 + k)
        out.append(
            Figure(
                value=value,
                low=value - Decimal("0.5"),
                high=value + Decimal("0.5"),
                unit="起",
                kind="count",
                approximate=False,
                label="破获电信诈骗案件",
                start=k * 10,
                end=k * 10 + 4,
                line=k + 1,
                text=f"{value}起",
            )
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--issues", type=int, default=10_000)
    parser.add_argument("--figures", type=int, default=40)
    parser.add_argument("--no-gx", action="store_true")
    args = parser.parse_args()

    latest = dt.date(2022, 1, 11)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / ".checkfacts" / "facts.db"
        started = time.perf_counter()
        records = []
        for index in range(1, args.issues + 1):
            date = latest - dt.timedelta(weeks=index)
            doc = document_from_text(f"archive/{index:06d}.txt", issue_text(index, date, 700 - index))
            m = extract_masthead(doc)
            records.append(
                (doc.path, doc.sha256, m.date, m.date_source, m.issue_number, m, figures(args.figures, index))
            )
        extracted = time.perf_counter()
        with FactStore.open(db) as store:
            store.put_many(records)
        built = time.perf_counter()
        del records
        size = os.path.getsize(db)
        print(f"archive: {args.issues} issues, {args.figures} figures each")
        print(
            f"  synthesize + extract: {extracted - started:.2f} s; "
            f"store build (one transaction): {built - extracted:.2f} s"
        )
        print(f"  store size on disk: {size / 1e6:.1f} MB ({size / args.issues / 1024:.1f} KiB per issue)")

        # One new issue: the next week's, with a phone typo for 韩志强 and a new 副编审.
        t0 = time.perf_counter()
        doc = document_from_text("new/000000.txt", issue_text(7, latest, 700).replace("张建林", "李四"))
        new = extract_masthead(doc)
        t1 = time.perf_counter()
        with FactStore.open(db) as store:
            t_open = time.perf_counter()
            store.put(doc.path, doc.sha256, new.date, new.date_source, new.issue_number, new, figures(args.figures, 0))
            t2 = time.perf_counter()
            mastheads = store.mastheads()
            t3 = time.perf_counter()
        rows = contacts_table(mastheads)
        t_rows = time.perf_counter()
        table = pd.DataFrame(rows)
        t4 = time.perf_counter()
        failing: dict[str, pd.Index] = {}
        verdicts = {}
        for rule_id in RULE_IDS:  # each rule decides and explains its failing rows in one pass
            verdicts[rule_id] = RULES[rule_id].verdicts(table)  # the rule's own default options
            failing[rule_id] = table.index[~verdicts[rule_id].ok]
        t5 = time.perf_counter()
        mine = {}
        for rule_id, failed in failing.items():
            explained = []
            for i in failed:
                explanation = verdicts[rule_id].explanations[i]
                if table.at[i, "path"] == doc.path or any(r.path == doc.path for r in explanation.related):
                    explained.append(explanation.message)
            mine[rule_id] = explained
        t6 = time.perf_counter()
        print(f"one new issue against {len(mastheads) - 1} stored issues ({len(table)} contact rows):")
        print(f"  extract masthead: {(t1 - t0) * 1000:.1f} ms; open store: {(t_open - t1) * 1000:.1f} ms")
        print(f"  put: {(t2 - t_open) * 1000:.1f} ms; load every masthead: {t3 - t2:.2f} s")
        print(
            f"  contacts table: rows {t_rows - t3:.2f} s + DataFrame {t4 - t_rows:.2f} s; "
            f"4 rules judged, failing rows explained (pandas): {t5 - t4:.2f} s"
        )
        total_failing = sum(len(v) for v in failing.values())
        print(f"  pick the {total_failing} failing rows about the new issue: {t6 - t5:.2f} s")
        print(f"  total (open -> findings): {t6 - t1:.2f} s")
        for rule_id, messages in mine.items():
            print(
                f"  {rule_id}: {len(failing[rule_id])} failing rows in the archive, {len(messages)} about the new issue"
            )
            for message in messages[:2]:
                print(f"    - {message}")

        if not args.no_gx:
            from checks.config import RuleSetting, RuleSuite
            from checks.validate import GX, validate_tables

            GX.get()  # import GX outside the timing; the run imports it once anyway
            suite = RuleSuite(
                rules={r: RuleSetting(r, True, RULES[r].default_severity, RULES[r].options, "b") for r in RULE_IDS}
            )
            g0 = time.perf_counter()
            outcome = validate_tables({"contacts": rows}, suite)
            g1 = time.perf_counter()
            print(f"  through Great Expectations (checks.validate): {g1 - g0:.2f} s, {len(outcome.findings)} findings")


if __name__ == "__main__":
    main()

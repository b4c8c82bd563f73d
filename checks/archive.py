"""The fact store's archive mode: issue facts as a Parquet dataset, one partition per batch of issues.

A store path ending in ``.parquet`` (or ``/``) is a folder holding two Parquet datasets, ``issues/``
(one row per issue: how it is dated, its figures as JSON) and ``entries/`` (one row per masthead
entry, ``checks.factframes.ENTRY_COLUMNS``), plus ``checkfacts.json`` saying it is ours. Every write
adds new partition files (at most ``BATCH`` issues each; written to a hidden temporary, then renamed,
so a reader never sees half a file); a newer row replaces every older row with the same path or the
same content hash, exactly as the SQLite store's ``put_many`` does. It answers the same questions as
``checks.store.FactStore`` (``get``, ``known_digests``, ``put_many``, ``mastheads``), so ``run``
uses it unchanged, and ``checks.archive_rules`` computes the cross-issue rules over it with
``dask.dataframe`` for archives too large for one pandas table.

pyarrow is needed (it comes with ``pip install 'checkfacts[dask]'``); it is imported only here.
"""

from __future__ import annotations

import functools
import json
import os
import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar, cast

from checks.factframes import ENTRY_COLUMNS, cell
from checks.figure import Figure
from checks.masthead import ContactEntry, Masthead
from checks.publication import block_members
from checks.store import (
    SCHEMA_VERSION,
    StoredIssue,
    StoredRow,
    StoreError,
    _figures_from_json,
    _figures_json,
    _one_line,
    extractor_id,
    is_archive_path,
)

__all__ = ["BATCH", "MARKER", "ParquetStore", "is_archive_path", "kept_issues"]

BATCH = 64  # issues per partition file: the Dask engine's batch size at most
MARKER = "checkfacts.json"
ISSUE_FIELDS = ("path", "sha256", "date", "date_source", "issue_number", "entries", "figures", "stored_at", "extractor")
Issue = StoredRow


def _arrow() -> tuple[Any, Any]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise StoreError(
            "the Parquet fact store (a store path ending in .parquet or /) needs pyarrow, which is not installed: "
            "pip install 'checkfacts[dask]'"
        ) from exc
    return pa, pq


def _schemas(pa: Any) -> tuple[Any, Any]:
    text, whole, flag = pa.string(), pa.int64(), pa.bool_()
    issues = pa.schema(
        [
            ("path", text),
            ("sha256", text),
            ("date", text),
            ("date_source", text),
            ("issue_number", text),
            ("entries", whole),
            ("figures", text),
            ("stored_at", text),
            ("extractor", text),  # checks.store.extractor_id() of the checkfacts that read the issue
            ("seq", whole),  # which write: later wins
            ("pos", whole),  # position in that write: later wins
        ]
    )
    types = {"index": whole, "valid": flag, "line": whole, "start": whole, "end": whole, "in_masthead": flag}
    entries = pa.schema([(name, types.get(name, text)) for name in ENTRY_COLUMNS] + [("seq", whole)])
    return issues, entries


def kept_issues(issues: Any) -> Any:
    """The issue rows still in force (pandas): newest first, a row is dropped when a newer one has its path or hash."""
    ordered = issues.sort_values(["seq", "pos"], ascending=False, kind="stable")
    seen_paths: set[str] = set()
    seen_digests: set[str] = set()
    keep = []
    for path, digest in zip(ordered["path"], ordered["sha256"], strict=True):
        alive = path not in seen_paths and digest not in seen_digests
        keep.append(alive)
        seen_paths.add(path)
        seen_digests.add(digest)
    alive = ordered.iloc[[i for i, kept in enumerate(keep) if kept]]
    return alive.sort_values("path", kind="stable").reset_index(drop=True)


_REQUIRED = ("path", "sha256", "date_source", "extractor", "seq", "pos")  # never null in a row this module wrote
_Method = TypeVar("_Method", bound=Callable[..., Any])


def _rows_readable(method: _Method) -> _Method:
    """A row that does not decode (a part file of another schema, a null where a path belongs) is a damaged
    store: one line naming it, not a pandas or pyarrow traceback."""

    @functools.wraps(method)
    def reading(self: ParquetStore, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except StoreError:
            raise
        except (TypeError, ValueError, KeyError, IndexError) as exc:
            raise StoreError(
                f"{self.path}: the Parquet fact store is damaged (a stored issue cannot be read: "
                f"{_one_line(exc)}); move it away, pass --store PATH, or run with --no-store"
            ) from exc

    return cast(_Method, reading)


class ParquetStore:
    """An open Parquet fact store (a folder). Use ``ParquetStore.open(path)``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._issues: Any = None  # pandas frame of the rows in force, read once when first needed
        self._by_digest: dict[str, Any] | None = None

    @classmethod
    def open(cls, path: str | Path, timeout: float | None = None) -> ParquetStore:
        """Open the archive folder, creating it when nothing is there; anything else there is refused untouched.

        ``timeout`` is accepted for the SQLite store's signature: writers never wait (each adds its own files)."""
        _arrow()
        folder = Path(path)
        refuse = "; it was left untouched (move it away, pass --store PATH, or run with --no-store)"
        if folder.exists() and not folder.is_dir():
            raise StoreError(f"{folder}: a Parquet fact store is a folder, and this is a file{refuse}")
        marker = folder / MARKER
        if folder.is_dir() and any(folder.iterdir()):
            try:
                meta = json.loads(marker.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise StoreError(f"{folder}: a folder that is not a checkfacts Parquet fact store{refuse}") from exc
            if not isinstance(meta, dict) or meta.get("application") != "checkfacts":
                raise StoreError(f"{folder}: a folder that is not a checkfacts Parquet fact store{refuse}")
            if int(meta.get("schema_version", 0)) > SCHEMA_VERSION:
                raise StoreError(
                    f"{folder}: fact store schema {meta.get('schema_version')} is newer than this checkfacts "
                    f"understands ({SCHEMA_VERSION}); upgrade checkfacts{refuse}"
                )
            return cls(folder)
        try:
            for sub in ("issues", "entries"):
                (folder / sub).mkdir(parents=True, exist_ok=True)
            meta = {
                "application": "checkfacts",
                "format": "parquet",
                "schema_version": SCHEMA_VERSION,
                "entry_fields": list(ContactEntry._fields),
                "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            }
            temporary = folder / f".{MARKER}.{uuid.uuid4().hex}"
            temporary.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
            os.replace(temporary, marker)
        except OSError as exc:
            raise StoreError(
                f"{folder}: cannot create the Parquet fact store ({exc.strerror or exc}); choose another with "
                "--store PATH, or --no-store"
            ) from exc
        return cls(folder)

    def __enter__(self) -> ParquetStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._issues = None
        self._by_digest = None

    def still_at_path(self) -> bool:
        return (self.path / MARKER).is_file()

    # -- reading ---------------------------------------------------------------------------------

    def _parts(self, kind: str) -> list[Path]:
        return sorted(p for p in (self.path / kind).glob("part-*.parquet"))

    def _read(self, kind: str, columns: Sequence[str] | None = None) -> Any:
        pa, _ = _arrow()
        schema = _schemas(pa)[0 if kind == "issues" else 1]
        parts = self._parts(kind)
        if not parts:
            names = list(columns) if columns else schema.names
            return pa.schema([schema.field(n) for n in names]).empty_table()
        import pyarrow.dataset as ds

        try:  # one dataset scan: a 100 000-issue archive has 1 563 small files
            dataset = ds.dataset([str(p) for p in parts], schema=schema, format="parquet")
            return dataset.to_table(columns=list(columns) if columns else None)
        except (OSError, ValueError, pa.ArrowException) as exc:
            raise StoreError(f"{self.path}: cannot read the Parquet fact store ({_one_line(exc)})") from exc

    @_rows_readable
    def issues(self) -> Any:
        """The issue rows in force as a pandas frame (no figures column: read when first asked for)."""
        if self._issues is None:
            table = self._read("issues", [f for f in ISSUE_FIELDS if f != "figures"] + ["seq", "pos"])
            for name in _REQUIRED:
                if table.column(name).null_count:
                    raise ValueError(f"{table.column(name).null_count} row(s) without {name}")
            self._issues = kept_issues(table.to_pandas(types_mapper=None))
        return self._issues

    def _current(self) -> Any:
        """The rows in force read by this extractor; the others are stale (read again when their file is seen)."""
        kept = self.issues()
        return kept[(kept["extractor"] == extractor_id()).to_numpy(dtype=bool)]

    @_rows_readable
    def known(self, sha256: str) -> bool:
        return sha256 in set(self._current()["sha256"])

    @_rows_readable
    def known_digests(self) -> set[str]:
        return {str(d) for d in self._current()["sha256"]}

    @_rows_readable
    def stale_count(self) -> int:
        """How many stored issues were read by another version of the extraction code."""
        return len(self.issues()) - len(self._current())

    @_rows_readable
    def __len__(self) -> int:
        return len(self.issues())

    @_rows_readable
    def get(self, sha256: str) -> StoredIssue | None:
        """The stored record of the issue with this content (the figures of all issues are read once)."""
        if self._by_digest is None:
            kept = self._current()
            wanted = set(zip(kept["path"], kept["sha256"], strict=True))
            rows = self._read("issues", ["path", "sha256", "figures", "seq", "pos"]).to_pylist()
            figures = {(r["path"], r["sha256"]): r["figures"] for r in sorted(rows, key=lambda r: (r["seq"], r["pos"]))}
            mastheads = {m.sha256: m for m in self.mastheads()}
            self._by_digest = {}
            for record in kept.to_dict("records"):
                key = (record["path"], record["sha256"])
                if key in wanted:
                    self._by_digest[record["sha256"]] = (record, figures[key], mastheads[record["sha256"]])
        found = self._by_digest.get(sha256)
        if found is None:
            return None
        record, figures_json, masthead = found
        return StoredIssue(
            path=masthead.path,
            sha256=masthead.sha256,
            date=masthead.date,
            date_source=masthead.date_source,
            issue_number=masthead.issue_number,
            masthead=masthead,
            figure_records=_figures_from_json(figures_json),
            stored_at=str(record["stored_at"]),
        )

    @_rows_readable
    def mastheads(self) -> list[Masthead]:
        """The masthead of every issue in force (ordered by path), for cross-issue comparison."""
        kept = self.issues()
        alive = {(p, d, s) for p, d, s in zip(kept["path"], kept["sha256"], kept["seq"], strict=True)}
        by_issue: dict[tuple[str, str], list[tuple[int, ContactEntry]]] = {}
        fields = ContactEntry._fields
        for row in self._read("entries").to_pylist():
            if (row["path"], row["sha256"], row["seq"]) in alive:
                entry = ContactEntry(*(row[f] for f in fields))
                by_issue.setdefault((row["path"], row["sha256"]), []).append((row["index"], entry))
        return [
            Masthead(
                path=path,
                sha256=digest,
                date=cell(date),
                date_source=str(source),
                issue_number=cell(number),
                entries=tuple(e for _, e in sorted(by_issue.get((path, digest), []), key=lambda item: item[0])),
            )
            for path, digest, date, source, number in zip(
                kept["path"], kept["sha256"], kept["date"], kept["date_source"], kept["issue_number"], strict=True
            )
        ]

    # -- writing ---------------------------------------------------------------------------------

    def put(
        self,
        doc_path: str,
        sha256: str,
        date: str | None,
        date_source: str,
        issue_number: str | None,
        masthead: Masthead | None,
        figures: Sequence[Figure | dict[str, Any]],
    ) -> None:
        self.put_many([(doc_path, sha256, date, date_source, issue_number, masthead, figures)])

    def put_many(self, issues: Iterable[Issue]) -> int:
        """Add the issues as new partitions of at most BATCH issues each; return how many were written."""
        batch: list[Issue] = []
        count = 0
        seq = self._next_seq()  # listed once per call: a 100 000-issue run writes 1 563 partitions
        for issue in issues:
            batch.append(issue)
            if len(batch) == BATCH:
                count += self._write(batch, seq)
                seq += 1
                batch = []
        if batch:
            count += self._write(batch, seq)
        self._issues = None
        self._by_digest = None
        return count

    def _write(self, batch: list[Issue], seq: int) -> int:
        pa, pq = _arrow()
        issue_schema, entry_schema = _schemas(pa)
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        extractor = extractor_id()
        issue_rows = []
        entry_rows = []
        for pos, (path, sha256, date, source, number, masthead, figures) in enumerate(batch):
            entries = masthead.entries if masthead is not None else ()
            issue_rows.append(
                {
                    "path": path,
                    "sha256": sha256,
                    "date": date,
                    "date_source": source,
                    "issue_number": number,
                    "entries": len(entries),
                    "figures": _figures_json(figures),
                    "stored_at": stamp,
                    "extractor": extractor,
                    "seq": seq,
                    "pos": pos,
                }
            )
            members = block_members(entries)
            for index, entry in enumerate(entries):
                row = dict(zip(ContactEntry._fields, entry, strict=True))
                row.update(path=path, sha256=sha256, index=index, in_masthead=members[index], seq=seq)
                entry_rows.append(row)
        name = f"part-{seq:012d}-{uuid.uuid4().hex[:12]}.parquet"
        try:
            # Entries first: a partition's issues are only in force once their issue file is in place.
            self._atomic(pq, pa.Table.from_pylist(entry_rows, schema=entry_schema), self.path / "entries" / name)
            self._atomic(pq, pa.Table.from_pylist(issue_rows, schema=issue_schema), self.path / "issues" / name)
        except (OSError, pa.ArrowException) as exc:
            raise StoreError(f"{self.path}: cannot write the Parquet fact store ({_one_line(exc)})") from exc
        return len(batch)

    def _next_seq(self) -> int:
        numbers = [int(p.name.split("-")[1]) for p in self._parts("issues")]
        return max(numbers, default=0) + 1

    @staticmethod
    def _atomic(pq: Any, table: Any, target: Path) -> None:
        temporary = target.with_name(f".{target.name}.tmp")
        pq.write_table(table, temporary)
        os.replace(temporary, target)

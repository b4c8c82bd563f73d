"""The fact store: what every processed issue stated, in one embedded SQLite file.

One row per issue, keyed by the content's sha256 (and unique by path): its date and where the date
came from, its issue number, its masthead entries and its figures as JSON. Because the key is the
content hash, a re-run over unchanged issues can take everything from the store (``get``) instead
of extracting again, and a run over one new issue compares it against every issue ever seen
(``mastheads``). A file whose content changed replaces its old row in one transaction.

Each row names the extractor that read it (``extractor_id``: a digest of the reading and extraction
modules' source). A row read by another version is stale: ``get`` and ``known_digests`` do not offer
it, so the issue is read again when it is seen, and its row replaced. Until then it stays the
comparison side, as it was read (``stale_count`` says how many).

The file is ours only if it says so: SQLite's ``application_id`` header field and a ``meta`` table
carry our id and schema version. Anything else at the path (a corrupt file, another program's
database, a store from a newer checkfacts) raises ``StoreError`` and is left byte-for-byte alone.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote

from checks.figure import Figure
from checks.gcpause import gc_paused
from checks.masthead import ContactEntry, Masthead

__all__ = [
    "APPLICATION_ID",
    "DEFAULT_STORE",
    "DEFAULT_TIMEOUT",
    "SCHEMA_VERSION",
    "FactStore",
    "StoreBusyError",
    "StoreError",
    "StoredIssue",
    "extractor_id",
    "figure_from_record",
]

DEFAULT_STORE = Path(".checkfacts") / "facts.db"
APPLICATION_ID = 0x63666B73  # "cfks" in SQLite's header, so `file` and other tools can tell it is ours
SCHEMA_VERSION = 2  # 2: issues.extractor (1 is upgraded in place on open)
DEFAULT_TIMEOUT = 30.0  # seconds a run waits for another writer's lock before it says the store is busy
_SQLITE_MAGIC = b"SQLite format 3\x00"
_ENTRY_FIELDS = ContactEntry._fields

_SCHEMA = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE issues (
    id           INTEGER PRIMARY KEY,
    path         TEXT NOT NULL UNIQUE,
    sha256       TEXT NOT NULL UNIQUE,
    date         TEXT,
    date_source  TEXT NOT NULL,
    issue_number TEXT,
    entries      TEXT NOT NULL,  -- JSON: masthead entries as arrays in meta.entry_fields order
    figures      TEXT NOT NULL,  -- JSON: {fields: Figure.to_record() keys, rows: one array per figure}
    stored_at    TEXT NOT NULL,
    extractor    TEXT NOT NULL DEFAULT ''  -- extractor_id() of the checkfacts that read the issue
);
"""
# The modules whose code decides what is stored: a change to any of them makes stored rows stale.
_EXTRACTION_MODULES = ("documents", "figure", "figures", "masthead", "numbers", "units")


@cache
def extractor_id() -> str:
    """A short digest of the source of the modules that decode, extract figures and read mastheads."""
    from importlib import resources

    digest = hashlib.sha256()
    package = resources.files("checks")
    for name in _EXTRACTION_MODULES:
        try:
            digest.update(package.joinpath(f"{name}.py").read_bytes())
        except OSError:  # an install without sources: its version stands for its code
            from importlib.metadata import PackageNotFoundError, version

            try:
                digest.update(version("checkfacts").encode())
            except PackageNotFoundError:
                digest.update(b"unknown")
            break
    return digest.hexdigest()[:16]


def is_archive_path(path: str | Path) -> bool:
    """Archive mode is chosen by the store path: a folder named ``*.parquet`` or given with a trailing slash
    (checks.archive's Parquet store; anything else is this SQLite store). Here, so that choosing costs no
    pandas import."""
    text = str(path)
    return text.endswith(("/", os.sep)) or Path(text).suffix == ".parquet"


# One issue as a store keeps it: path, sha256 of the bytes, date, date source, issue number, masthead, figures.
StoredRow = tuple[str, str, str | None, str, str | None, Masthead | None, Sequence[Figure | dict[str, Any]]]


class IssueStore(Protocol):
    """What a run asks of a fact store: the SQLite ``FactStore`` here and the Parquet ``ParquetStore``
    (checks.archive) both provide it."""

    def get(self, sha256: str) -> StoredIssue | None: ...

    def known_digests(self) -> set[str]: ...

    def put_many(self, issues: Iterable[StoredRow]) -> int: ...

    def stale_count(self) -> int: ...

    def mastheads(self) -> list[Masthead]: ...

    def still_at_path(self) -> bool: ...

    def close(self) -> None: ...


class StoreError(Exception):
    """The store file cannot be used (corrupt, foreign, newer schema); the message says which and why."""


class StoreBusyError(StoreError):
    """Another writer held the store's lock for longer than the timeout: nothing is wrong with the file."""


def _is_busy(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)  # primary code of an extended one
    return "locked" in str(exc) or "busy" in str(exc)


def _one_line(text: object) -> str:
    """SQLite's integrity reports span lines; a message is one line."""
    return " ".join(str(text).split())


def _busy(path: Path, timeout: float) -> StoreBusyError:
    return StoreBusyError(
        f"{path}: the fact store is busy: another checkfacts run (or program) holds its lock and did not "
        f"release it within {timeout:g} s; the file is fine: try again, or wait longer with --store-timeout SECONDS"
    )


@dataclass(frozen=True)
class StoredIssue:
    """What the store remembers of one issue."""

    path: str
    sha256: str
    date: str | None
    date_source: str
    issue_number: str | None
    masthead: Masthead
    figure_records: tuple[dict[str, Any], ...]
    stored_at: str

    def figures(self) -> list[Figure]:
        """The stored figures as Figure records again (Decimals restored exactly from strings)."""
        return [figure_from_record(r) for r in self.figure_records]


def figure_from_record(record: dict[str, Any]) -> Figure:
    """Inverse of ``Figure.to_record``."""

    def dec(text: str | None) -> Decimal | None:
        return None if text is None else Decimal(text)

    return Figure(
        value=Decimal(record["value"]),
        low=dec(record.get("low")),
        high=dec(record.get("high")),
        unit=record["unit"],
        kind=record["kind"],
        approximate=bool(record["approximate"]),
        label=record.get("label", ""),
        start=int(record["start"]),
        end=int(record["end"]),
        line=int(record["line"]),
        text=record["text"],
        qualifier=record.get("qualifier", ""),
        iso=record.get("iso"),
    )


def _entries_json(masthead: Masthead | None) -> str:
    entries = masthead.entries if masthead is not None else ()
    rows = [list(e) for e in entries]
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))


def _figures_json(figures: Iterable[Figure | dict[str, Any]]) -> str:
    """Figure records as a column list plus rows: the keys are not repeated for every figure."""
    records = [f if isinstance(f, dict) else f.to_record() for f in figures]
    fields: list[str] = []
    for record in records:
        fields.extend(k for k in record if k not in fields)
    rows = [[record.get(k) for k in fields] for record in records]
    return json.dumps({"fields": fields, "rows": rows}, ensure_ascii=False, separators=(",", ":"))


def _figures_from_json(text: str) -> tuple[dict[str, Any], ...]:
    packed = json.loads(text)
    fields = packed["fields"]
    return tuple(dict(zip(fields, row, strict=True)) for row in packed["rows"])


def _upgrade_from_1(conn: sqlite3.Connection) -> None:
    """Schema 1 had no extractor column: add it, every old row stale (read again when next seen)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        if conn.execute("PRAGMA user_version").fetchone()[0] == 1:  # another process may have upgraded it
            conn.execute("ALTER TABLE issues ADD COLUMN extractor TEXT NOT NULL DEFAULT ''")
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),))
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


class FactStore:
    """An open fact store. Use ``FactStore.open(path)``; close it (or use it as a context manager)."""

    def __init__(self, path: Path, conn: sqlite3.Connection, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.path = path
        self._conn = conn
        self._fields: tuple[str, ...] = _ENTRY_FIELDS
        self.timeout = timeout
        self._identity = self._file_identity()

    def _file_identity(self) -> tuple[int, int] | None:
        try:
            info = self.path.stat()
        except OSError:
            return None
        return info.st_dev, info.st_ino

    def still_at_path(self) -> bool:
        """Is the file this store wrote still the one at its path (not deleted or replaced meanwhile)?

        SQLite keeps writing to a deleted file's inode without a word, so a run checks this after
        writing and warns: otherwise that run's facts would be lost silently."""
        return self._identity is not None and self._file_identity() == self._identity

    # -- opening ---------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, timeout: float = DEFAULT_TIMEOUT) -> FactStore:
        """Open the store at ``path``, creating it (and its folder) when nothing is there.

        A lock held by another writer is waited for up to ``timeout`` seconds, then StoreBusyError."""
        store_path = Path(path)
        if store_path.is_dir():
            raise StoreError(f"{store_path}: is a folder, not a fact store file")
        if store_path.exists() and not store_path.is_file():
            raise StoreError(f"{store_path}: not a regular file, not a fact store")
        if store_path.exists() and store_path.stat().st_size > 0:
            return cls._open_existing(store_path, timeout)
        return cls._create(store_path, timeout)

    @classmethod
    def _open_existing(cls, path: Path, timeout: float = DEFAULT_TIMEOUT) -> FactStore:
        refuse = "; it was left untouched (move it away, pass --store PATH, or run with --no-store)"
        try:
            with open(path, "rb") as handle:
                header = handle.read(len(_SQLITE_MAGIC))
        except OSError as exc:
            raise StoreError(f"{path}: cannot read the fact store ({exc.strerror})") from exc
        if header != _SQLITE_MAGIC:
            raise StoreError(
                f"{path}: not a checkfacts fact store (not an SQLite database: corrupt or foreign){refuse}"
            )
        uri = f"file:{quote(str(path.resolve()))}?mode=rw"
        try:
            conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=timeout)
        except sqlite3.Error as exc:
            if _is_busy(exc):
                raise _busy(path, timeout) from exc
            raise StoreError(f"{path}: cannot open the fact store ({_one_line(exc)}){refuse}") from exc
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if app_id != APPLICATION_ID:
                raise StoreError(f"{path}: an SQLite database that is not a checkfacts fact store{refuse}")
            meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
            if meta.get("application") != "checkfacts":
                raise StoreError(f"{path}: an SQLite database that is not a checkfacts fact store{refuse}")
            if version > SCHEMA_VERSION or int(meta.get("schema_version", "0")) > SCHEMA_VERSION:
                raise StoreError(
                    f"{path}: fact store schema {max(version, int(meta.get('schema_version', '0')))} is newer than "
                    "this checkfacts understands "
                    f"({SCHEMA_VERSION}); upgrade checkfacts{refuse}"
                )
            if version == 1:
                _upgrade_from_1(conn)
            elif version != SCHEMA_VERSION:
                raise StoreError(f"{path}: fact store schema {version} is not {SCHEMA_VERSION}{refuse}")
            check = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
            if check != "ok":
                raise StoreError(f"{path}: the fact store is damaged ({_one_line(check)}){refuse}")
            store = cls(path, conn, timeout)
            store._fields = tuple(json.loads(meta.get("entry_fields", json.dumps(_ENTRY_FIELDS))))
        except StoreError:
            conn.close()
            raise
        except sqlite3.Error as exc:
            conn.close()
            if _is_busy(exc):
                raise _busy(path, timeout) from exc
            raise StoreError(f"{path}: the fact store is damaged or foreign ({_one_line(exc)}){refuse}") from exc
        except ValueError as exc:
            conn.close()
            raise StoreError(f"{path}: the fact store is damaged or foreign ({_one_line(exc)}){refuse}") from exc
        return store

    @classmethod
    def _create(cls, path: Path, timeout: float = DEFAULT_TIMEOUT) -> FactStore:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, isolation_level=None, timeout=timeout)
        except (FileExistsError, NotADirectoryError) as exc:
            raise StoreError(
                f"{path}: a part of this path is a file, not a folder; choose another with --store PATH"
            ) from exc
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(
                f"{path}: cannot create the fact store ({_one_line(exc)}); choose another with --store PATH, "
                "or --no-store"
            ) from exc
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.executemany(
                "INSERT INTO meta (key, value) VALUES (?, ?)",
                [
                    ("application", "checkfacts"),
                    ("schema_version", str(SCHEMA_VERSION)),
                    ("entry_fields", json.dumps(_ENTRY_FIELDS)),
                    ("created_at", datetime.now(UTC).isoformat(timespec="seconds")),
                ],
            )
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            conn.close()
            if _is_busy(exc):
                raise _busy(path, timeout) from exc
            raise StoreError(
                f"{path}: cannot create the fact store ({_one_line(exc)}); choose another with --store PATH, "
                "or --no-store"
            ) from exc
        return cls(path, conn, timeout)

    # -- use -------------------------------------------------------------------------------------

    def __enter__(self) -> FactStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._conn.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise self._error("write", exc) from exc
        try:
            yield self._conn
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        else:
            try:
                self._conn.execute("COMMIT")
            except sqlite3.Error as exc:
                raise self._error("write", exc) from exc

    def known(self, sha256: str) -> bool:
        """Has an issue with exactly this content been stored by this extractor?"""
        row = self._query("SELECT 1 FROM issues WHERE sha256 = ? AND extractor = ?", (sha256, extractor_id()))
        return row.fetchone() is not None

    def known_digests(self) -> set[str]:
        """The content hashes of every issue stored by this extractor (one query: the gate sorts its archive
        files with it); a stale row's file is read again."""
        # One aggregated row, not one per issue (see ``mastheads``: each row's step gives up the GIL).
        with self._reading_rows():
            (digests,) = self._query(
                "SELECT json_group_array(sha256) FROM issues WHERE extractor = ?", (extractor_id(),)
            ).fetchone()
            return set(json.loads(digests))

    def stale_count(self) -> int:
        """How many stored issues were read by another version of the extraction code."""
        return int(self._query("SELECT COUNT(*) FROM issues WHERE extractor != ?", (extractor_id(),)).fetchone()[0])

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
        """Remember one issue; an older row for the same path (or the same content) is replaced atomically."""
        self.put_many([(doc_path, sha256, date, date_source, issue_number, masthead, figures)])

    def put_many(self, issues: Iterable[StoredRow]) -> int:
        """``put`` for many issues in ONE transaction (a bulk import commits once, not per issue)."""
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        extractor = extractor_id()
        count = 0
        try:
            with self._transaction() as conn:
                for doc_path, sha256, date, date_source, issue_number, masthead, figures in issues:
                    conn.execute("DELETE FROM issues WHERE path = ? OR sha256 = ?", (doc_path, sha256))
                    conn.execute(
                        "INSERT INTO issues (path, sha256, date, date_source, issue_number, entries, figures,"
                        " stored_at, extractor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            doc_path,
                            sha256,
                            date,
                            date_source,
                            issue_number,
                            _entries_json(masthead),
                            _figures_json(figures),
                            stamp,
                            extractor,
                        ),
                    )
                    count += 1
        except sqlite3.Error as exc:
            raise self._error("write", exc) from exc
        return count

    @contextmanager
    def _reading_rows(self) -> Iterator[None]:
        """A stored row that cannot be decoded (edited or damaged in place) is a damaged store: one line."""
        try:
            yield
        except sqlite3.Error as exc:  # raised while a row is fetched ("Could not decode to UTF-8")
            raise self._error("read", exc) from exc
        except (ValueError, TypeError, KeyError, IndexError) as exc:
            raise StoreError(
                f"{self.path}: the fact store is damaged (a stored issue cannot be read: {_one_line(exc)}); "
                "move it away, pass --store PATH, or run with --no-store"
            ) from exc

    def get(self, sha256: str) -> StoredIssue | None:
        """The stored record of the issue with this content, read by this extractor, or None."""
        with self._reading_rows():
            return self._get(sha256)

    def _get(self, sha256: str) -> StoredIssue | None:
        row = self._query(
            "SELECT path, sha256, date, date_source, issue_number, entries, figures, stored_at"
            " FROM issues WHERE sha256 = ? AND extractor = ?",
            (sha256, extractor_id()),
        ).fetchone()
        if row is None:
            return None
        path, digest, date, source, number, entries, figures, stamp = row
        return StoredIssue(
            path=path,
            sha256=digest,
            date=date,
            date_source=source,
            issue_number=number,
            masthead=self._masthead(path, digest, date, source, number, entries),
            figure_records=_figures_from_json(figures),
            stored_at=stamp,
        )

    def mastheads(self) -> list[Masthead]:
        """The masthead of every issue in the store (ordered by path), for cross-issue comparison."""
        with self._reading_rows():
            return self._mastheads()

    def _mastheads(self) -> list[Masthead]:
        # One row holding every issue, not one row per issue: sqlite3 releases the GIL around each step,
        # and while GX's import runs in a thread each step's return waited for the GIL (10 000 rows:
        # 1-2 s in the gate instead of 0.2 s). The two aggregates see the rows in the same order.
        heads, entries = self._query(
            "SELECT json_group_array(json_array(path, sha256, date, date_source, issue_number)),"
            " '[' || group_concat(entries, ',') || ']'"
            " FROM (SELECT path, sha256, date, date_source, issue_number, entries FROM issues ORDER BY path)"
        ).fetchone()
        if entries is None:
            return []
        with gc_paused():  # ~150 000 small objects for 10 000 issues: the cyclic GC would rescan them repeatedly
            out = [
                self._masthead(path, sha256, date, source, number, issue_entries)
                for (path, sha256, date, source, number), issue_entries in zip(
                    json.loads(heads), json.loads(entries), strict=True
                )
            ]
        out.sort(key=lambda masthead: masthead.path)
        return out

    def __len__(self) -> int:
        return int(self._query("SELECT COUNT(*) FROM issues").fetchone()[0])

    def _masthead(
        self, path: str, sha256: str, date: str | None, source: str, number: str | None, entries: str | list[Any]
    ) -> Masthead:
        """A stored masthead from its columns; ``entries`` as stored (JSON) or already parsed."""
        fields = self._fields
        values_of = json.loads(entries) if isinstance(entries, str) else entries
        if fields == _ENTRY_FIELDS:
            parsed = tuple(ContactEntry(*values) for values in values_of)
        else:
            parsed = tuple(ContactEntry.from_record(dict(zip(fields, values, strict=True))) for values in values_of)
        return Masthead(path=path, sha256=sha256, date=date, date_source=source, issue_number=number, entries=parsed)

    def _query(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        try:
            return self._conn.execute(sql, params)
        except sqlite3.Error as exc:
            raise self._error("read", exc) from exc

    def _error(self, doing: str, exc: sqlite3.Error) -> StoreError:
        if _is_busy(exc):
            return _busy(self.path, self.timeout)
        return StoreError(f"{self.path}: cannot {doing} the fact store ({_one_line(exc)})")

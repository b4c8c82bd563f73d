"""Reading newspaper issues: decoding, normalizing for matching, and mapping back to the original.

Every later stage matches patterns against ``Document.norm`` (full-width forms folded to ASCII,
figures split by the print layout joined again) and reports positions in the *original* text, so
that a fact-checker can find the exact characters that were printed.  ``norm_to_orig`` holds, for
each character of ``norm``, its offset in ``text`` (one extra entry at the end for end offsets).
"""

from __future__ import annotations

import bisect
import hashlib
import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import regex

from checks.urls import is_url

__all__ = [
    "Document",
    "DocumentError",
    "collect_paths",
    "decode_bytes",
    "document_from_text",
    "printable",
    "read_document",
]

# Characters after which a line break inside a figure is joined: a figure's unit or multiplier.
# "1286\n\n万元" and "驾乘人员15\n\n人" are one figure each in print.
_UNIT_START = "万亿千百元人起名次个件辆处份张家所条部期场米公里平方倍成%％余多"
# Line separators other than \n (U+2028/U+2029, NEL, a lone CR) break a printed figure just as \n does.
_BREAK = "(?:\r?\n|[\r\u2028\u2029\x85])"
_LAYOUT_BREAK = regex.compile(rf"(?<=[0-9０-９])[ \t\u3000]*(?:{_BREAK}[ \t\u3000]*)+(?=[{_UNIT_START}])")

SUFFIXES = (".txt", ".text")  # plain-text issues; a folder's README.md or SOURCES.md is not an issue


class DocumentError(Exception):
    """An input file that cannot be read as an issue; the message names the file and why."""


@dataclass(frozen=True)
class Document:
    """One newspaper issue: the text as printed and a normalized twin for matching."""

    path: str
    sha256: str
    text: str
    norm: str
    norm_to_orig: Sequence[int]  # a range when nothing was joined (most issues): no million-entry tuple
    line_starts: tuple[int, ...] = field(repr=False)
    encoding: str = "utf-8"

    def orig_span(self, norm_start: int, norm_end: int) -> tuple[int, int]:
        """Map a ``[start, end)`` span of ``norm`` to the matching span of the original text."""
        if norm_end <= norm_start:
            pos = self.norm_to_orig[norm_start]
            return pos, pos
        return self.norm_to_orig[norm_start], self.norm_to_orig[norm_end - 1] + 1

    def line_of(self, orig_offset: int) -> int:
        """1-based line number of an offset in the original text."""
        return bisect.bisect_right(self.line_starts, orig_offset)

    def line_text(self, line: int) -> str:
        """The original text of a 1-based line, without its line break."""
        start = self.line_starts[line - 1]
        end = self.line_starts[line] - 1 if line < len(self.line_starts) else len(self.text)
        return self.text[start:end].rstrip("\r")

    def excerpt(self, orig_start: int, orig_end: int) -> str:
        """The original characters of a span, with layout line breaks shown as spaces."""
        return " ".join(part.strip() for part in self.text[orig_start:orig_end].splitlines() if part.strip())


# Full-width ASCII variants (U+FF01..U+FF5E) and the ideographic space become ASCII. Only this block
# is folded, character for character, so the offset map stays one-to-one; wider NFKC folding would
# turn circled list markers such as ① into digits that were never figures.
# Unicode line and paragraph separators, NEL and a lone CR are line breaks for matching, exactly as \n
# is (one for one, so offsets stay; line numbers count \n only, as the original's lines do).
_FOLD = (
    {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
    | {0x3000: 0x20}
    | {0x2028: 0x0A, 0x2029: 0x0A, 0x85: 0x0A, 0x0D: 0x0A}
)


_NEWLINE = regex.compile("\n")
_FOLDED = re.compile("[" + "".join(chr(code) for code in sorted(_FOLD)) + "]")


def _fold(text: str) -> str:
    """``text.translate(_FOLD)``, done as one ``str.replace`` per foldable character present: for
    Chinese text that is several times faster than translating every character."""
    for char in set(_FOLDED.findall(text)):
        text = text.replace(char, chr(_FOLD[ord(char)]))
    return text


def _normalize(text: str) -> tuple[str, Sequence[int]]:
    """Fold full-width forms and drop layout breaks inside figures, keeping the offset map."""
    folded = _fold(text)
    breaks = list(_LAYOUT_BREAK.finditer(text))
    if not breaks:
        return folded, range(len(text) + 1)
    pieces: list[str] = []
    offsets: list[int] = []
    position = 0
    for match in breaks:
        if match.start() > position:
            pieces.append(folded[position : match.start()])
            offsets.extend(range(position, match.start()))
        position = max(position, match.end())
    pieces.append(folded[position:])
    offsets.extend(range(position, len(text)))
    offsets.append(len(text))
    return "".join(pieces), tuple(offsets)


def _line_starts(text: str) -> tuple[int, ...]:
    return (0, *(match.end() for match in _NEWLINE.finditer(text)))


_NOT_CONTROL = bytes(b for b in range(256) if not (b < 9 or 13 < b < 32))


def _looks_binary(data: bytes) -> str | None:
    """Why this is not a text file (a NUL byte anywhere, or many control characters), or None."""
    nul = data.find(b"\x00")
    if nul >= 0:
        return f"NUL byte at offset {nul}"
    sample = data[:8192]
    controls = len(sample.translate(None, _NOT_CONTROL))  # what is left when all but control bytes go
    if controls > max(8, len(sample) // 100):
        return f"{controls} control bytes in the first {len(sample)} bytes"
    return None


_PLAIN = regex.compile(r"[\t\n\r\f\x20-\x7e\u3000-\u303f\u4e00-\u9fff\uff00-\uffef\u2000-\u206f\u00b7\ufeff]")
_CJK = regex.compile(r"[\u4e00-\u9fff]")
_UTF8_EVIDENCE = 8  # CJK characters decoded as UTF-8 before a bad byte: the file is UTF-8, damaged


def _mostly_plain(text: str) -> bool:
    """Decoded text that is mostly Chinese, ASCII and punctuation (not bytes read in the wrong encoding)."""
    sample = text[:4096]
    plain = sum(1 for _ in _PLAIN.finditer(sample))
    return bool(sample) and plain >= 0.9 * len(sample)


def _utf16_text(data: bytes) -> str | None:
    """The text of a UTF-16 file with a BOM, or None when the bytes only look like one: what they
    decode to must be mostly Chinese, ASCII and punctuation."""
    if len(data) % 2:
        return None
    try:
        text = data.decode("utf-16")
    except UnicodeDecodeError:
        return None
    return text if _mostly_plain(text) else None


def _utf16_without_bom(data: bytes) -> str | None:
    """'UTF-16LE' / 'UTF-16BE' when BOM-less bytes read as plain text in that byte order, else None."""
    if len(data) < 4 or len(data) % 2:
        return None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data[:8192].decode(codec)
        except UnicodeDecodeError:
            continue
        if _mostly_plain(text):
            return codec.upper().replace("UTF-16-", "UTF-16")
    return None


def _where(data: bytes, offset: int) -> str:
    line = data.count(b"\n", 0, offset) + 1
    return f"byte offset {offset} (line {line})"


def decode_bytes(data: bytes, path: str) -> tuple[str, str]:
    """Decode UTF-8 (with or without BOM), UTF-16 with a BOM, or GB18030; refuse binary and undecodable bytes.

    Each refusal says what was tried and where it failed: a bad byte in a file that is otherwise
    UTF-8 is reported at its UTF-8 offset (not read as GB18030 gibberish), UTF-16 without a BOM is
    named as such, and a NUL byte anywhere (not only in the first 8 KB) means binary.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with its BOM (NUL bytes, but text)
        text = _utf16_text(data)
        if text is not None:
            return text, "utf-16"
    elif b"\x00" in data[:8192]:
        codec = _utf16_without_bom(data)
        if codec:
            raise DocumentError(f"{path}: {codec} text without a byte-order mark; save it as UTF-8 (or add the BOM)")
    binary = _looks_binary(data)
    if binary:
        raise DocumentError(f"{path}: binary file, not a text issue ({binary})")
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            where = _where(data, exc.start + 3)
            raise DocumentError(
                f"{path}: starts with a UTF-8 BOM but is not valid UTF-8 ({exc.reason} at {where})"
            ) from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    bad = f"byte 0x{data[utf8_error.start]:02x} at {_where(data, utf8_error.start)}"
    prefix = data[: utf8_error.start].decode("utf-8")
    if any(n >= _UTF8_EVIDENCE for n, _ in enumerate(_CJK.finditer(prefix), start=1)):
        raise DocumentError(f"{path}: UTF-8 text with an invalid {bad}; fix or re-save the issue as UTF-8")
    codec = _utf16_without_bom(data)
    if codec:
        raise DocumentError(f"{path}: {codec} text without a byte-order mark; save it as UTF-8 (or add the BOM)")
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise DocumentError(
            f"{path}: cannot decode: not UTF-8 (invalid {bad}) nor GB18030/GBK "
            f"(invalid at {_where(data, exc.start)}); save the issue as UTF-8"
        ) from exc


def document_from_text(path: str, text: str, *, sha256: str | None = None, encoding: str = "utf-8") -> Document:
    """Build a Document from already-decoded text (tests and in-memory callers use this)."""
    text = text.replace("\r\n", "\n")
    norm, offsets = _normalize(text)
    digest = sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(
        path=path,
        sha256=digest,
        text=text,
        norm=norm,
        norm_to_orig=offsets,
        line_starts=_line_starts(text),
        encoding=encoding,
    )


def _kind_of(mode: int) -> str:
    """What a non-regular file is, for the message that refuses it."""
    for test, name in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    ):
        if test(mode):
            return name
    return "not a regular file"


# An issue is a day's paper: a file larger than this is no issue (and would be read whole into memory).
MAX_ISSUE_BYTES = 512 << 20
_HEAD_BYTES = 1 << 16  # read first: a NUL there refuses the file without reading the rest


def read_document(path: str | Path) -> Document:
    """Read one issue file. Raises DocumentError with a one-line message naming the file.

    The file is opened non-blocking and checked to be a regular file before any byte is read, so a
    FIFO, a device or a socket is refused at once instead of hanging the run.
    """
    name = str(path)
    if is_url(name):
        return _read_url(name)
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError as exc:
        what = "dangling symbolic link" if os.path.islink(name) else "no such file"
        raise DocumentError(f"{name}: {what}") from exc
    except IsADirectoryError as exc:
        raise DocumentError(f"{name}: is a folder, not an issue file") from exc
    except OSError as exc:
        raise DocumentError(f"{name}: cannot read ({exc.strerror})") from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise DocumentError(f"{name}: {_kind_of(info.st_mode)}, not an issue file; refused")
        size = info.st_size
        if size > MAX_ISSUE_BYTES:
            raise DocumentError(
                f"{name}: {size:,} bytes, more than an issue file may hold ({MAX_ISSUE_BYTES >> 20} MiB); split it"
            )
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(_HEAD_BYTES)
            if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
                decode_bytes(data, name)  # binary or UTF-16 without a BOM: refused before the rest is read
            data += handle.read()
    except OSError as exc:
        raise DocumentError(f"{name}: cannot read ({exc.strerror})") from exc
    finally:
        os.close(fd)
    text, encoding = decode_bytes(data, name)
    return document_from_text(name, text, sha256=hashlib.sha256(data).hexdigest(), encoding=encoding)


def _read_url(url: str) -> Document:
    """An issue named by an fsspec URL (``checks.urls``); a ``file://`` one is read as its local path."""
    from checks.urls import UrlError, local_path, read_url_bytes

    try:
        local = local_path(url)
        data = read_url_bytes(url) if local is None else b""
    except UrlError as exc:
        raise DocumentError(str(exc)) from exc
    if local is not None:
        try:
            return replace(read_document(local), path=url)
        except DocumentError as exc:
            message = str(exc)
            raise DocumentError(url + message[len(local) :] if message.startswith(local) else message) from exc
    text, encoding = decode_bytes(data, url)
    return document_from_text(url, text, sha256=hashlib.sha256(data).hexdigest(), encoding=encoding)


def _folder_entry(entry: Path) -> tuple[bool, str | None]:
    """(is an issue file, why it is refused) for a name ending in .txt/.text met inside a folder."""
    try:
        mode = entry.stat().st_mode
    except FileNotFoundError:
        return False, f"{entry}: dangling symbolic link, skipped" if entry.is_symlink() else None
    except OSError as exc:
        return False, f"{entry}: cannot read ({exc.strerror}), skipped"
    if stat.S_ISREG(mode):
        return True, None
    if stat.S_ISDIR(mode):
        return False, f"{entry}: a folder named like an issue file, not an issue (its issue files are read)"
    return False, f"{entry}: {_kind_of(mode)}, not an issue file; skipped"


def collect_paths(paths: list[str]) -> tuple[list[str], list[str]]:
    """Expand folders to their issue files (sorted, each once); return (files, errors).

    Errors name missing paths, dangling links, and every entry of a folder that is named like an
    issue but is no regular file (a FIFO, a device, a folder called x.txt): nothing is skipped silently.
    """
    files: list[str] = []
    errors: list[str] = []
    refused: set[Path] = set()  # a folder and a file in it may both be given: name each fault once

    def refuse(entry: Path, message: str) -> None:
        key = entry.absolute()
        if key not in refused:
            refused.add(key)
            errors.append(message)

    for raw in paths:
        if is_url(raw):  # fsspec storage: listed here, read by whoever analyzes the issue
            from checks.urls import collect_url

            found_urls, problems = collect_url(raw, SUFFIXES)
            files.extend(found_urls)
            errors.extend(problems)
            continue
        path = Path(raw)
        if raw.endswith(("/", os.sep)) and not path.is_dir():
            errors.append(f"{printable(raw)}: not a folder (a name ending in / names a folder)")
            continue
        if path.is_dir():
            found: list[str] = []
            for entry in sorted(path.rglob("*")):
                if entry.suffix.lower() not in SUFFIXES or any(
                    part.startswith(".") for part in entry.relative_to(path).parts
                ):
                    continue
                is_issue, problem = _folder_entry(entry)
                if is_issue:
                    found.append(str(entry))
                elif problem:
                    refuse(entry, problem)
            if not found:
                errors.append(f"{raw}: folder holds no issue files ({', '.join(SUFFIXES)})")
            files.extend(found)
        elif path.exists():
            # Refused here, before anything (the store's hashing, a worker) opens it and blocks.
            if stat.S_ISREG(path.stat().st_mode):
                files.append(raw)
            else:
                refuse(path, f"{raw}: {_kind_of(path.stat().st_mode)}, not an issue file; refused")
        elif path.is_symlink():
            refuse(path, f"{raw}: dangling symbolic link")
        else:
            errors.append(f"{raw}: no such file or folder")
    unique = _unique(files)
    errors += [
        f"{printable(name)}: file name is not valid UTF-8; rename it" for name in unique if _undecodable_name(name)
    ]
    return [name for name in unique if not _undecodable_name(name)], errors


def _undecodable_name(name: str) -> bool:
    """A name with bytes that are not UTF-8 (held as surrogates): reports and the store cannot name it."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def printable(name: str) -> str:
    """A path (or a message naming one) as one printable line: undecodable bytes and line breaks escaped."""
    shown = os.fsencode(name).decode("utf-8", "backslashreplace")
    return shown.replace("\n", "\\n").replace("\r", "\\r")


def _unique(files: list[str]) -> list[str]:
    """Each file once, as first named: a folder and a file inside it may both be given."""
    seen: set[Path | str] = set()
    kept: list[str] = []
    for name in files:
        key: Path | str = name if is_url(name) else Path(name).resolve()
        if key not in seen:
            seen.add(key)
            kept.append(name)
    return kept

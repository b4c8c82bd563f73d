"""Reading newspaper issues: decoding, normalizing for matching, and mapping back to the original.

Every later stage matches patterns against ``Document.norm`` (full-width forms folded to ASCII,
figures split by the print layout joined again) and reports positions in the *original* text, so
that a fact-checker can find the exact characters that were printed.  ``norm_to_orig`` holds, for
each character of ``norm``, its offset in ``text`` (one extra entry at the end for end offsets).
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import regex

__all__ = [
    "Document",
    "DocumentError",
    "collect_paths",
    "decode_bytes",
    "document_from_text",
    "read_document",
]

# Characters after which a line break inside a figure is joined: a figure's unit or multiplier.
# "1286\n\n万元" and "驾乘人员15\n\n人" are one figure each in print.
_UNIT_START = "万亿千百元人起名次个件辆处份张家所条部期场米公里平方倍成%％余多"
_LAYOUT_BREAK = regex.compile(rf"(?<=[0-9０-９])[ \t\u3000]*(?:\r?\n[ \t\u3000]*)+(?=[{_UNIT_START}])")

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
    norm_to_orig: tuple[int, ...]
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
_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


_NEWLINE = regex.compile("\n")


def _normalize(text: str) -> tuple[str, tuple[int, ...]]:
    """Fold full-width forms and drop layout breaks inside figures, keeping the offset map."""
    folded = text.translate(_FOLD)
    pieces: list[str] = []
    offsets: list[int] = []
    position = 0
    for match in _LAYOUT_BREAK.finditer(text):
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


def _looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters mean this is not a text file."""
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls > max(8, len(sample) // 100)


_PLAIN = regex.compile(r"[\t\n\r\f\x20-\x7e\u3000-\u303f\u4e00-\u9fff\uff00-\uffef\u2000-\u206f\u00b7\ufeff]")


def _utf16_text(data: bytes) -> str | None:
    """The text of a UTF-16 file with a BOM, or None when the bytes only look like one: what they
    decode to must be mostly Chinese, ASCII and punctuation."""
    if len(data) % 2:
        return None
    try:
        text = data.decode("utf-16")
    except UnicodeDecodeError:
        return None
    sample = text[:4096]
    plain = sum(1 for _ in _PLAIN.finditer(sample))
    return text if plain >= 0.9 * len(sample) else None


def decode_bytes(data: bytes, path: str) -> tuple[str, str]:
    """Decode UTF-8 (with or without BOM), UTF-16 with a BOM, or GB18030; refuse binary and undecodable bytes."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with its BOM (NUL bytes, but text)
        text = _utf16_text(data)
        if text is not None:
            return text, "utf-16"
    if _looks_binary(data):
        raise DocumentError(f"{path}: binary file, not a text issue")
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise DocumentError(f"{path}: starts with a UTF-8 BOM but is not valid UTF-8 ({exc.reason})") from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise DocumentError(
            f"{path}: cannot decode as UTF-8 or GB18030/GBK (byte {exc.start}); save the issue as UTF-8"
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


def read_document(path: str | Path) -> Document:
    """Read one issue file. Raises DocumentError with a one-line message naming the file."""
    name = str(path)
    file_path = Path(path)
    try:
        data = file_path.read_bytes()
    except FileNotFoundError as exc:
        raise DocumentError(f"{name}: no such file") from exc
    except IsADirectoryError as exc:
        raise DocumentError(f"{name}: is a directory") from exc
    except OSError as exc:
        raise DocumentError(f"{name}: cannot read ({exc.strerror})") from exc
    text, encoding = decode_bytes(data, name)
    return document_from_text(name, text, sha256=hashlib.sha256(data).hexdigest(), encoding=encoding)


def collect_paths(paths: list[str]) -> tuple[list[str], list[str]]:
    """Expand folders to their issue files (sorted, each once); return (files, errors for missing paths)."""
    files: list[str] = []
    errors: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                str(p)
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                errors.append(f"{raw}: folder holds no issue files ({', '.join(SUFFIXES)})")
            files.extend(found)
        elif path.exists():
            files.append(raw)
        else:
            errors.append(f"{raw}: no such file or folder")
    return _unique(files), errors


def _unique(files: list[str]) -> list[str]:
    """Each file once, as first named: a folder and a file inside it may both be given."""
    seen: set[Path] = set()
    kept: list[str] = []
    for name in files:
        key = Path(name).resolve()
        if key not in seen:
            seen.add(key)
            kept.append(name)
    return kept

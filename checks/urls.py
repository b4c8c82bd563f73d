"""Issues named by fsspec URLs (``file:///abs/path``, ``memory://…``, ``s3://…`` when s3fs is installed).

An archive on shared or object storage is named by URL so that Dask workers can read each issue's
bytes themselves: the client only lists the files (``find`` for a folder, ``glob`` for a pattern)
and sends their URLs. The URL is the issue's name everywhere (findings, reports, the fact store).
A ``file://`` URL is read by ``checks.documents.read_document`` on its local path, so a FIFO or a
device is refused without blocking exactly as for a plain path.

fsspec is imported only when a URL is met, never for plain paths. Every failure (no fsspec, an
unknown protocol, a protocol whose package is missing, a missing path, storage that refuses to
list or read) is one line naming the URL, as ``DocumentError`` for a read and as an error string
for a listing.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["UrlError", "collect_url", "is_url", "local_path", "read_url_bytes", "url_filesystem"]

_URL = re.compile(r"^(?P<protocol>[A-Za-z][A-Za-z0-9+.\-]*)://")
_GLOB = re.compile(r"[*?\[]")
_LOCAL = ("file", "local")


class UrlError(Exception):
    """A URL that cannot be used; the message is one line naming it."""


def is_url(name: str) -> bool:
    """Does this name carry a protocol (``proto://…``)? A plain path never does."""
    return _URL.match(name) is not None


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text or type(exc).__name__


def url_filesystem(url: str) -> tuple[Any, str]:
    """(fsspec filesystem, path inside it) for a URL, or UrlError in one line."""
    match = _URL.match(url)
    protocol = match.group("protocol") if match else ""
    try:
        import fsspec
    except ImportError as exc:
        raise UrlError(f"{url}: reading URLs needs fsspec, which is not installed: pip install fsspec") from exc
    try:
        fs, path = fsspec.core.url_to_fs(url)
    except ImportError as exc:  # a protocol fsspec knows, whose package is not installed ("Install s3fs …")
        raise UrlError(
            f"{url}: the {protocol}:// protocol needs a package that is not installed ({_one_line(exc)})"
        ) from exc
    except ValueError as exc:
        if "Protocol not known" in str(exc):
            known = sorted(fsspec.available_protocols())
            raise UrlError(
                f"{url}: unknown storage protocol {protocol!r} (fsspec knows {len(known)}, e.g. file, memory, s3)"
            ) from exc
        raise UrlError(f"{url}: not a usable storage URL ({_one_line(exc)})") from exc
    except Exception as exc:  # a filesystem that fails on construction (bad options, credentials)
        raise UrlError(f"{url}: cannot open the storage ({type(exc).__name__}: {_one_line(exc)})") from exc
    return fs, str(path)


def local_path(url: str) -> str | None:
    """The local path of a ``file://`` URL (read with the local, non-blocking reader), else None."""
    match = _URL.match(url)
    if match is None or match.group("protocol").lower() not in _LOCAL:
        return None
    _, path = url_filesystem(url)
    return str(path)


def collect_url(url: str, suffixes: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """The issue files a URL names: itself, a folder's files found recursively, or a glob's matches.

    Hidden entries inside a folder are skipped, as for local folders; names are URLs again.
    """
    try:
        fs, path = url_filesystem(url)
        if _GLOB.search(path):
            matched = sorted(p for p in fs.glob(path) if fs.isfile(p))
            if not matched:
                return [], [f"{url}: the pattern matches no file"]
            return [fs.unstrip_protocol(p) for p in matched], []
        if fs.isdir(path):
            root = path.rstrip("/")
            found = []
            for entry in sorted(fs.find(path)):
                relative = entry[len(root) :].lstrip("/") if entry.startswith(root) else entry
                if any(part.startswith(".") for part in relative.split("/")):
                    continue
                if entry.lower().endswith(suffixes):
                    found.append(fs.unstrip_protocol(entry))
            if not found:
                return [], [f"{url}: folder holds no issue files ({', '.join(suffixes)})"]
            return found, []
        if fs.isfile(path):
            return [url], []
        return [], [f"{url}: no such file or folder"]
    except UrlError as exc:
        return [], [str(exc)]
    except (OSError, ValueError, RuntimeError) as exc:  # storage that refuses to list (permissions, network)
        return [], [f"{url}: cannot list ({type(exc).__name__}: {_one_line(exc)})"]


def read_url_bytes(url: str) -> bytes:
    """The bytes of the issue at a (non-local) URL; UrlError in one line when they cannot be read."""
    fs, path = url_filesystem(url)
    try:
        if fs.isdir(path):
            raise UrlError(f"{url}: is a folder, not an issue file")
        with fs.open(path, "rb") as handle:
            data: bytes = handle.read()
    except UrlError:
        raise
    except FileNotFoundError as exc:
        raise UrlError(f"{url}: no such file") from exc
    except (OSError, ValueError, RuntimeError) as exc:
        raise UrlError(f"{url}: cannot read ({type(exc).__name__}: {_one_line(exc)})") from exc
    return data

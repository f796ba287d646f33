"""Reading bulletin files: bytes to exact text, or a DocumentError that says why not."""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from .errors import DocumentError
from .knowledge import is_year

SUFFIXES = (".txt", ".text", ".htm", ".html", ".md")
_FOUR_DIGITS = re.compile(r"(?<!\d)[0-9]{4}(?!\d)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")  # below 32, except \t \n \f \r
_HTML_START = re.compile(rb"^\s*(<!doctype html|<html|<head|<body|<p>|<div)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class RawFile:
    path: str
    data: bytes
    sha256: str


@dataclass(frozen=True, slots=True)
class Document:
    """A decoded bulletin ready for extraction."""

    path: str
    sha256: str
    text: str
    encoding: str
    title: str | None
    bulletin_year: int | None


def discover(paths: list[Path]) -> list[Path]:
    """Bulletin files under the given files and folders, sorted, without duplicates."""
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found.update(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
                         and not any(part.startswith(".") for part in p.relative_to(path).parts))
        else:
            found.add(path)
    return sorted(found)


def read_bytes(path: str | Path, max_bytes: int) -> RawFile:
    """The file's bytes and their sha256; DocumentError for missing, unreadable or oversized files."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise DocumentError("too_large", f"{p}: {size:,} bytes is over the limit of {max_bytes:,} bytes (PAIRAID_MAX_BYTES)")
        data = p.read_bytes()
    except FileNotFoundError as exc:
        raise DocumentError("missing", f"{p}: file vanished before it could be read") from exc
    except PermissionError as exc:
        raise DocumentError("unreadable", f"{p}: permission denied") from exc
    except IsADirectoryError as exc:
        raise DocumentError("unreadable", f"{p}: is a directory, expected a text file") from exc
    except OSError as exc:
        raise DocumentError("unreadable", f"{p}: {exc.strerror or exc}") from exc
    return RawFile(str(path), data, hashlib.sha256(data).hexdigest())


def decode(data: bytes, path: str = "<bytes>") -> tuple[str, str]:
    """(text, encoding): UTF-8, UTF-16 with BOM, or GB18030; HTML pages reduced to their text."""
    if not data.strip():
        raise DocumentError("empty", f"{path}: the file is empty (or only whitespace)")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, encoding = data.decode("utf-16"), "utf-16"
    elif b"\x00" in data:
        raise DocumentError("binary", f"{path}: contains NUL bytes; expected a text bulletin, not a binary file")
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            try:
                text, encoding = data.decode("gb18030"), "gb18030"
            except UnicodeDecodeError as exc:
                raise DocumentError("decoding", f"{path}: not UTF-8, UTF-16 or GB18030 text ({exc.reason} at byte {exc.start})") from exc
        if _looks_binary(text):
            raise DocumentError("binary", f"{path}: mostly control characters; expected a text bulletin")
    if _HTML_START.match(data if encoding != "utf-16" else text.encode("utf-8")):
        text, encoding = html_to_text(text), encoding + "+html"
    if not text.strip():
        raise DocumentError("empty", f"{path}: no text after decoding")
    return text, encoding


def _looks_binary(text: str) -> bool:
    """More than 5% control characters (other than line breaks, tabs, form feeds) in the
    first 4,096 characters. Counted by the regex engine: a Python loop over the sample cost
    as much as reading, hashing and decoding the file together."""
    sample = text[:4096]
    return len(_CONTROL.findall(sample)) > len(sample) * 0.05


class _TextCollector(HTMLParser):
    _SKIP = {"script", "style", "head", "noscript"}
    _BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "title"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self._SKIP and self._skipping:
            self._skipping -= 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """The readable text of an HTML page, one block per line."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    lines = (" ".join(line.split()) for line in "".join(collector.parts).splitlines())
    return "\n\n".join(line for line in lines if line)


def title_of(text: str) -> str | None:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:512]
    return None


def year_from_name(name: str) -> int | None:
    """The first stand-alone year (``knowledge.is_year``) in the file's name."""
    years = (m.group() for m in _FOUR_DIGITS.finditer(Path(name).name))
    return next((int(y) for y in years if is_year(y)), None)


def read_document(path: str | Path, max_bytes: int = 10 * 1024 * 1024) -> Document:
    """Read and decode one bulletin file."""
    raw = read_bytes(path, max_bytes)
    return to_document(raw)


def to_document(raw: RawFile) -> Document:
    text, encoding = decode(raw.data, raw.path)
    return Document(raw.path, raw.sha256, text, encoding, title_of(text), year_from_name(raw.path))

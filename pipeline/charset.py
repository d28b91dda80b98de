"""Decoding web pages whose declared character set is missing or wrong. Framework-free.

Order of trust: a byte-order mark; then valid UTF-8 when the bytes contain non-ASCII (a declared Latin-1 or
Windows-1252 page that decodes as UTF-8 is almost always UTF-8); then the declared charset (HTTP header, else the
page's ``<meta>``) if the bytes decode with it; then detection by charset-normalizer; last, UTF-8 with
replacement characters, so a page is never dropped for its encoding.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes
from w3lib.encoding import html_body_declared_encoding, read_bom, resolve_encoding

_SNIFF_BYTES = 64 * 1024
_WESTERN = frozenset(codecs.lookup(n).name for n in (
    "cp1250", "cp1252", "cp1254", "cp1257", "latin-1", "iso-8859-2", "iso-8859-15", "iso-8859-9", "mac-roman",
    "cp850", "cp437",
))


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    resolved = resolve_encoding(name)  # w3lib maps e.g. latin-1 → cp1252 as browsers do
    try:
        return codecs.lookup(resolved or name).name
    except LookupError:
        return None


def _decodes(body: bytes, codec: str) -> bool:
    try:
        body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def detect_encoding(body: bytes, declared: str | None = None) -> str:
    """The codec name to decode ``body`` with (see the module doc for the order of trust)."""
    bom_codec, _ = read_bom(body)
    if bom_codec:
        return codecs.lookup(bom_codec).name
    if not body.isascii() and _decodes(body, "utf-8"):
        return "utf-8"
    for candidate in (_codec(declared), _codec(html_body_declared_encoding(body[:_SNIFF_BYTES]))):
        if candidate and candidate != "utf-8" and _decodes(body, candidate):
            return candidate
    if body.isascii():
        return "utf-8"
    best = from_bytes(body[:_SNIFF_BYTES]).best()
    if best is None:
        return "utf-8"
    codec = codecs.lookup(best.encoding).name
    if codec in _WESTERN and _decodes(body, "cp1252"):
        return "cp1252"  # the single-byte look-alikes are indistinguishable on short text; US pages mean 1252
    return codec if _decodes(body, codec) else "utf-8"


def decode_body(body: bytes, declared: str | None = None) -> tuple[str, str]:
    """``(text, codec)`` for a page body; never raises for bad bytes."""
    codec = detect_encoding(body, declared)
    bom_codec, bom = read_bom(body)
    if bom_codec and codecs.lookup(bom_codec).name == codec:
        body = body[len(bom):]
    return body.decode(codec, errors="replace"), codec

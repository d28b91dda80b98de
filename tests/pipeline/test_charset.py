"""Pages with missing or wrong charset declarations decode to the right text."""

from __future__ import annotations

import codecs

from pipeline.charset import decode_body, detect_encoding

TEXT = "Strikers at the prison said “we won’t work for free” — café workers joined them. " * 5


def test_utf8_declared_as_latin1_is_read_as_utf8() -> None:
    text, codec = decode_body(TEXT.encode("utf-8"), "iso-8859-1")
    assert codec == "utf-8"
    assert "“we won’t work for free”" in text


def test_cp1252_declared_as_utf8_is_detected() -> None:
    body = TEXT.encode("cp1252")
    text, codec = decode_body(body, "utf-8")
    assert codec == "cp1252"
    assert "won’t" in text and "café" in text and "\ufffd" not in text


def test_meta_charset_used_when_header_is_silent() -> None:
    body = b'<html><head><meta charset="windows-1252"></head><body>' + "café ’".encode("cp1252") + b"</body>"
    text, codec = decode_body(body, None)
    assert codec == "cp1252" and "café ’" in text


def test_bom_wins_and_is_stripped() -> None:
    body = codecs.BOM_UTF16_LE + "grève".encode("utf-16-le")
    text, codec = decode_body(body, "utf-8")
    assert text == "grève" and codec.startswith("utf-16")


def test_ascii_and_undecodable_bodies_never_raise() -> None:
    assert detect_encoding(b"plain ascii", "no-such-charset") == "utf-8"
    text, _ = decode_body(bytes(range(256)) * 4, "utf-8")
    assert isinstance(text, str) and text

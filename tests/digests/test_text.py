from __future__ import annotations

from digests.text import clean, md_escape, safe_url


def test_clean_drops_controls_and_bidi_overrides_and_folds_space() -> None:
    assert clean("a\u202eb\x00c \n\t d") == "abc d"
    assert len(clean("word " * 500)) <= 601


def test_safe_url_only_http() -> None:
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("https://x.example/a b") is None
    assert safe_url("data:text/html,hi") is None
    assert safe_url('https://x.example/"><script>') == "https://x.example/%22%3E%3Cscript%3E"
    assert safe_url("https://x.example/a?b=1&c=(2)") == "https://x.example/a?b=1&c=%282%29"


def test_md_escape_neutralises_links_and_html() -> None:
    assert md_escape("[x](javascript:y) <b> *a* _b_ `c` #d") == (
        r"\[x\]\(javascript:y\) \<b\> \*a\* \_b\_ \`c\` \#d")

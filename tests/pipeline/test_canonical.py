import pytest

from pipeline.canonical import canonicalize_url, is_http_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://Example.ORG:443/a?utm_source=rss&utm_medium=x#comments", "https://example.org/a"),
        ("http://example.org:80/story?id=7&fbclid=abc", "http://example.org/story?id=7"),
        ("http://example.org:8080/story", "http://example.org:8080/story"),
        ("https://example.org/s?b=2&a=1", "https://example.org/s?a=1&b=2"),
        ("https://example.org", "https://example.org/"),
        ("https://news.example.org/p?mc_cid=1&mc_eid=2&gclid=3&page=2", "https://news.example.org/p?page=2"),
    ],
)
def test_canonicalize_url(url: str, expected: str) -> None:
    assert canonicalize_url(url) == expected


def test_same_article_same_canonical_url() -> None:
    a = canonicalize_url("https://example.org/2026/strike/?utm_campaign=feed")
    b = canonicalize_url("https://EXAMPLE.org/2026/strike/#top")
    assert a == b


def test_is_http_url() -> None:
    assert is_http_url("https://example.org/x")
    assert not is_http_url("ftp://example.org/x")
    assert not is_http_url("javascript:alert(1)")
    assert not is_http_url("not a url")

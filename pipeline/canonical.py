"""URL canonicalisation: one article, one URL (no tracking parameters, fragments or default ports)."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "piwik_", "hsa_", "_hs", "oly_")
TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "twclid",
        "ref", "ref_src", "ref_url", "referrer", "cmpid", "cmp", "campaign", "ncid", "ocid",
        "smid", "smtyp", "sr_share", "share", "taid", "at_medium", "at_campaign", "rss", "feed",
        "_ga", "_gl", "mkt_tok", "outputtype", "s_cid", "trk", "cid", "icid", "partner", "src", "via",
    }
)
DEFAULT_PORTS = {"http": 80, "https": 443}


def _is_tracking(key: str) -> bool:
    k = key.lower()
    return k in TRACKING_PARAMS or k.startswith(TRACKING_PREFIXES)


def canonicalize_url(url: str) -> str:
    """Lower-case scheme and host, drop default ports, fragments and tracking parameters, sort the query.

    >>> canonicalize_url("HTTPS://Example.org:443/a/b?utm_source=x&id=2&a=1#top")
    'https://example.org/a/b?a=1&id=2'
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower() or "http"
    host = (parts.hostname or "").lower().rstrip(".")
    port = parts.port
    netloc = host if port is None or DEFAULT_PORTS.get(scheme) == port else f"{host}:{port}"
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    path = parts.path or "/"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k))
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


def is_http_url(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in {"http", "https"} and bool(parts.hostname)

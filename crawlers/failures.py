"""Readable messages for failed requests (what an errback receives), recorded against their source."""

from __future__ import annotations

from http import HTTPStatus

from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

# Exception class names (Scrapy's and Twisted's, across versions) -> message
_BY_NAME = {
    "TimeoutError": "timed out",
    "DownloadTimeoutError": "timed out",
    "TCPTimedOutError": "timed out",
    "UserTimeoutError": "timed out",
    "DNSLookupError": "DNS lookup failed",
    "CannotResolveHostError": "DNS lookup failed",
    "ConnectionRefusedError": "connection refused",
    "DownloadConnectionRefusedError": "connection refused",
    "ConnectionLost": "connection lost before the response was complete",
    "ResponseNeverReceived": "connection closed before any response",
    "ResponseFailed": "the response could not be read",
    "ResponseDataLossError": "the response was cut short",
    "DownloadCancelledError": "download cancelled (response too large?)",
    "SSLError": "TLS/SSL error",
}
_IGNORED = {
    "max redirections reached": "too many redirects (a redirect loop?)",
    "Forbidden by robots.txt": "forbidden by robots.txt",
}


def http_message(status: int) -> str:
    try:
        return f"HTTP {status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"HTTP {status}"


def describe(failure: Failure, timeout: float | None = None) -> tuple[int | None, str]:
    """(HTTP status if there was a response, a one-line message) for a failed request."""
    exc = failure.value
    if isinstance(exc, HttpError):
        return exc.response.status, http_message(exc.response.status)
    detail = str(exc).strip()
    if detail in _IGNORED:
        return None, _IGNORED[detail]
    for cls in type(exc).__mro__:
        message = _BY_NAME.get(cls.__name__)
        if message == "timed out" and timeout:
            return None, f"timed out after {timeout:g} s"
        if message:
            return None, message
    return None, f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__

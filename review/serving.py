"""Running the app: which addresses count as local, and the refusal to go public without accounts."""

from __future__ import annotations

import ipaddress

from pipeline.errors import ConfigError

LOCAL_NAMES = {"localhost"}


def is_local(host: str) -> bool:
    """True for loopback addresses (127.0.0.0/8, ::1) and ``localhost``."""
    if host.lower() in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_bind(host: str, accounts: int, require_login: bool = False) -> bool:
    """Whether the app runs in public mode (login always required): on a non-loopback ``host``, or when asked
    (behind a reverse proxy). Raises ``ConfigError`` when it does and no account exists."""
    public = require_login or not is_local(host)
    if public and accounts == 0:
        raise ConfigError(
            f"refusing to serve the review app on {host}{' with --require-login' if require_login else ''}: "
            "anyone who can reach it could change the digest. Create an account first with "
            "`strikewatch users add NAME`, or serve on 127.0.0.1 (the default)."
        )
    return public

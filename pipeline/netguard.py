"""Which addresses the crawler may fetch from. Framework-free; used by the Scrapy guard and by feed discovery.

Private, loopback, link-local, multicast, reserved, unspecified and cloud-metadata addresses are refused, checked
after DNS resolution (every address a name resolves to must be allowed), unless they fall inside one of the
networks of the setting ``STRIKEWATCH_ALLOWED_PRIVATE_NETWORKS`` (empty by default).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from pipeline.errors import ConfigError, FetchError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], list[str]]

# Cloud metadata services: always named in the refusal, even where another rule would refuse them anyway.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in ("169.254.169.254", "169.254.170.2", "169.254.169.123", "fd00:ec2::254", "100.100.100.200")
)
# Not flagged ``is_private`` by every Python version, but never a public web server.
_EXTRA_REFUSED = tuple(
    ipaddress.ip_network(n) for n in ("100.64.0.0/10", "192.0.0.0/24", "198.18.0.0/15", "0.0.0.0/8", "64:ff9b:1::/48")
)


class AddressRefused(FetchError):
    """A URL points at an address the crawler must not fetch from."""


def parse_networks(values: Iterable[str]) -> tuple[IPNetwork, ...]:
    """``["127.0.0.1/32", "10.0.0.5"]`` → networks; a clear ``ConfigError`` for anything else."""
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError as exc:
            raise ConfigError(
                f"STRIKEWATCH_ALLOWED_PRIVATE_NETWORKS: {value!r} is not an IP address or CIDR network"
            ) from exc
    return tuple(networks)


def _plain(address: IPAddress) -> IPAddress:
    """IPv4-mapped and 6to4/NAT64-embedded IPv4 addresses judged as the IPv4 address they carry."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
        if address.sixtofour is not None:
            return address.sixtofour
        if address in ipaddress.ip_network("64:ff9b::/96"):
            return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address


def refusal_reason(address: IPAddress) -> str | None:
    """Why ``address`` is not a public address (``None`` when it is)."""
    address = _plain(address)
    if address in METADATA_ADDRESSES:
        return "a cloud metadata address"
    checks = (
        ("is_loopback", "a loopback address"),
        ("is_link_local", "a link-local address"),
        ("is_multicast", "a multicast address"),
        ("is_unspecified", "the unspecified address"),
        ("is_reserved", "a reserved address"),
        ("is_private", "a private address"),
    )
    for attr, reason in checks:
        if getattr(address, attr):
            return reason
    if any(address in net for net in _EXTRA_REFUSED if net.version == address.version):
        return "a private address"
    if not address.is_global:
        return "a non-public address"
    return None


def default_resolver(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (IPv4 and IPv6)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]).split("%", 1)[0] for info in infos})


@dataclass(frozen=True)
class NetGuard:
    """Decides whether a host or URL may be fetched. ``allowed``: networks exempt from the private-address rule."""

    allowed: tuple[IPNetwork, ...] = ()
    resolver: Resolver = default_resolver

    @classmethod
    def from_strings(cls, allowed: Iterable[str], resolver: Resolver | None = None) -> NetGuard:
        return cls(parse_networks(allowed), resolver or default_resolver)

    def is_allowed_network(self, address: IPAddress) -> bool:
        return any(address in net for net in self.allowed if net.version == address.version) or any(
            _plain(address) in net for net in self.allowed if net.version == _plain(address).version
        )

    def check_address(self, address: str | IPAddress, host: str | None = None) -> None:
        """Raise ``AddressRefused`` unless ``address`` is public or in an allowed network."""
        ip = ipaddress.ip_address(address) if isinstance(address, str) else address
        if self.is_allowed_network(ip):
            return
        reason = refusal_reason(ip)
        if reason is not None:
            where = f"{host} ({ip})" if host and host != str(ip) else str(ip)
            raise AddressRefused(
                f"refused to fetch from {where}: {reason} (allow it with STRIKEWATCH_ALLOWED_PRIVATE_NETWORKS)"
            )

    def resolve(self, host: str, port: int = 80) -> list[str]:
        """The host's addresses after DNS resolution (an IP literal as itself)."""
        literal = host.strip("[]")
        try:
            return [str(ipaddress.ip_address(literal))]
        except ValueError:
            pass
        try:
            addresses = self.resolver(literal, port)
        except (OSError, UnicodeError) as exc:
            raise FetchError(f"cannot resolve host {host!r}: {exc}") from exc
        if not addresses:
            raise FetchError(f"cannot resolve host {host!r}: no addresses")
        return addresses

    def check_host(self, host: str, port: int = 80) -> list[str]:
        """Resolve ``host`` and check every address; returns the addresses."""
        addresses = self.resolve(host, port)
        for address in addresses:
            self.check_address(address, host.strip("[]"))
        return addresses

    def check_url(self, url: str) -> list[str]:
        """Check the host of an http(s) URL; raises ``FetchError``/``AddressRefused`` with a readable message."""
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"}:
            raise AddressRefused(f"refused to fetch {url!r}: only http and https URLs are fetched")
        if not parts.hostname:
            raise AddressRefused(f"refused to fetch {url!r}: no host")
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError as exc:
            raise AddressRefused(f"refused to fetch {url!r}: bad port") from exc
        return self.check_host(parts.hostname, port)

"""The address guard: unit tests only — nothing here opens a connection."""

from __future__ import annotations

import ipaddress

import pytest

from pipeline.errors import ConfigError, FetchError
from pipeline.netguard import AddressRefused, NetGuard, parse_networks, refusal_reason


def fake_dns(table: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    def resolve(host: str, port: int) -> list[str]:
        if host not in table:
            raise OSError("Name or service not known")
        return table[host]

    return resolve


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("127.0.0.2", "loopback"),
        ("::1", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("fc00::1", "private"),
        ("169.254.169.254", "metadata"),
        ("fd00:ec2::254", "metadata"),
        ("169.254.1.1", "link-local"),
        ("fe80::1", "link-local"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("240.0.0.1", "reserved"),
        ("100.64.0.1", "private"),
        ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:169.254.169.254", "metadata"),
        ("64:ff9b::a00:1", "private"),
    ],
)
def test_non_public_addresses_are_refused(address: str, reason: str) -> None:
    why = refusal_reason(ipaddress.ip_address(address))
    assert why is not None and reason in why
    with pytest.raises(AddressRefused, match="STRIKEWATCH_ALLOWED_PRIVATE_NETWORKS"):
        NetGuard().check_address(address)


@pytest.mark.parametrize("address", ["93.184.215.14", "1.1.1.1", "2606:4700:4700::1111"])
def test_public_addresses_pass(address: str) -> None:
    NetGuard().check_address(address)


def test_allowed_networks_exempt_exactly_their_addresses() -> None:
    guard = NetGuard.from_strings(["127.0.0.1/32", "10.0.0.0/24"])
    guard.check_address("127.0.0.1")
    guard.check_address("10.0.0.200")
    guard.check_address("::ffff:127.0.0.1")
    for refused in ("127.0.0.2", "10.0.1.1", "169.254.169.254", "::1"):
        with pytest.raises(AddressRefused):
            guard.check_address(refused)


def test_hosts_are_checked_after_resolution() -> None:
    dns = fake_dns({"news.example": ["93.184.215.14"], "evil.example": ["93.184.215.14", "169.254.169.254"],
                    "intranet.example": ["10.0.0.7"]})
    guard = NetGuard((), dns)
    assert guard.check_url("https://news.example/feed") == ["93.184.215.14"]
    with pytest.raises(AddressRefused, match=r"evil\.example \(169\.254\.169\.254\): a cloud metadata"):
        guard.check_url("http://evil.example/")
    with pytest.raises(AddressRefused, match="private"):
        guard.check_url("http://intranet.example:8080/x")
    with pytest.raises(FetchError, match="cannot resolve"):
        guard.check_url("http://nowhere.example/")


def test_ip_literals_and_odd_urls() -> None:
    guard = NetGuard((), fake_dns({}))
    with pytest.raises(AddressRefused, match="loopback"):
        guard.check_url("http://[::1]:8000/")
    with pytest.raises(AddressRefused, match="only http"):
        guard.check_url("file:///etc/passwd")
    with pytest.raises(AddressRefused, match="no host"):
        guard.check_url("http:///path")
    guard.check_url("http://8.8.8.8/")


def test_bad_setting_is_a_config_error() -> None:
    assert [str(n) for n in parse_networks(["127.0.0.1", " 10.0.0.0/8 "])] == ["127.0.0.1/32", "10.0.0.0/8"]
    with pytest.raises(ConfigError, match="not-an-ip"):
        parse_networks(["not-an-ip"])

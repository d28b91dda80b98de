"""Politeness is on by default; STRIKEWATCH_POLITE=0 switches delays and AutoThrottle off, never robots.txt."""

from __future__ import annotations

import importlib
from types import ModuleType

import pytest


def _settings(monkeypatch: pytest.MonkeyPatch, polite: str | None) -> ModuleType:
    if polite is None:
        monkeypatch.delenv("STRIKEWATCH_POLITE", raising=False)
    else:
        monkeypatch.setenv("STRIKEWATCH_POLITE", polite)
    import crawlers.settings

    return importlib.reload(crawlers.settings)


def test_polite_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    s = _settings(monkeypatch, None)
    assert s.ROBOTSTXT_OBEY and s.AUTOTHROTTLE_ENABLED and s.DOWNLOAD_DELAY > 0
    assert s.USER_AGENT.startswith("strikewatch/") and s.DOWNLOAD_MAXSIZE > 0 and s.DOWNLOAD_TIMEOUT > 0


def test_polite_off_for_benchmarks(monkeypatch: pytest.MonkeyPatch) -> None:
    s = _settings(monkeypatch, "0")
    assert s.ROBOTSTXT_OBEY and not s.AUTOTHROTTLE_ENABLED and s.DOWNLOAD_DELAY == 0
    _settings(monkeypatch, None)

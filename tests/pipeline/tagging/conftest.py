"""One tagger per test session: the pipeline is built once (a few seconds)."""

from __future__ import annotations

import pytest

from pipeline.tagging.tagger import Tagger


@pytest.fixture(scope="session")
def tagger() -> Tagger:
    return Tagger(use_model=False)

import stat
from pathlib import Path

import pytest

from pipeline.config import Settings
from pipeline.errors import ConfigError
from review.secret import load_secret_key


def test_key_from_settings_or_environment(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, secret_key="s" * 40)
    assert load_secret_key(settings, {}) == "s" * 40
    assert load_secret_key(settings, {"STRIKEWATCH_SECRET_KEY": "e" * 32}) == "e" * 32
    with pytest.raises(ConfigError, match="at least 32"):
        load_secret_key(Settings(data_dir=tmp_path, secret_key="short"), {})


def test_key_file_is_made_once_and_private(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    first = load_secret_key(settings, {})
    path = tmp_path / "review_secret_key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_secret_key(settings, {}) == first and len(first) >= 32
    path.chmod(0o644)
    with pytest.raises(ConfigError, match="chmod 600"):
        load_secret_key(settings, {})

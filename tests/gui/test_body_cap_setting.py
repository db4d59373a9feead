"""The size limit for opening a result is a setting (512 MB unless the person changes it)."""

from __future__ import annotations

from vody_desktop.store.network_settings import client_settings_from
from vody_desktop.store.settings import MAX_BODY_MB, AppSettings


def test_results_up_to_512_mb_open_by_default() -> None:
    settings = AppSettings()
    assert settings.get(MAX_BODY_MB) == 512
    assert client_settings_from(settings).max_body_bytes == 512 * 1024 * 1024


def test_the_limit_follows_the_setting_within_sensible_bounds() -> None:
    settings = AppSettings()
    settings.set(MAX_BODY_MB, 2048)
    assert client_settings_from(settings).max_body_bytes == 2048 * 1024 * 1024
    settings.set(MAX_BODY_MB, 0)
    assert client_settings_from(settings).max_body_bytes == 1024 * 1024

"""The network settings a person can adjust, turned into `ClientSettings` and a `RetryPolicy`.

Stored values are whole seconds; anything out of range is clamped to something workable, so
an odd value in the settings file can never make the app hang forever or hammer the server.
"""

from __future__ import annotations

from vody_desktop.api.client import ClientSettings
from vody_desktop.api.retry import RetryPolicy
from vody_desktop.store.settings import (
    CONNECT_TIMEOUT_S,
    MAX_AUTOMATIC_RETRIES,
    MAX_BODY_MB,
    READ_TIMEOUT_S,
    REQUEST_DEADLINE_S,
    RETRY_MAX_WAIT_S,
    WRITE_TIMEOUT_S,
    AppSettings,
    Setting,
)

#: (lowest, highest) accepted value of each setting.
LIMITS: dict[Setting[int], tuple[int, int]] = {
    CONNECT_TIMEOUT_S: (1, 300),
    READ_TIMEOUT_S: (1, 3600),
    WRITE_TIMEOUT_S: (1, 3600),
    REQUEST_DEADLINE_S: (5, 24 * 3600),
    MAX_AUTOMATIC_RETRIES: (0, 10),
    RETRY_MAX_WAIT_S: (1, 3600),
    MAX_BODY_MB: (1, 64 * 1024),
}


def _read(settings: AppSettings, setting: Setting[int]) -> int:
    low, high = LIMITS[setting]
    return min(high, max(low, settings.get(setting)))


def client_settings_from(settings: AppSettings) -> ClientSettings:
    """Timeouts and the overall deadline as the person set them."""
    return ClientSettings(
        connect_timeout_s=_read(settings, CONNECT_TIMEOUT_S),
        read_timeout_s=_read(settings, READ_TIMEOUT_S),
        write_timeout_s=_read(settings, WRITE_TIMEOUT_S),
        deadline_s=_read(settings, REQUEST_DEADLINE_S),
        max_body_bytes=_read(settings, MAX_BODY_MB) * 1024 * 1024,
    )


def retry_policy_from(settings: AppSettings) -> RetryPolicy:
    """The automatic retry policy as the person set it."""
    return RetryPolicy(
        max_retries=_read(settings, MAX_AUTOMATIC_RETRIES),
        max_retry_after_s=_read(settings, RETRY_MAX_WAIT_S),
    )

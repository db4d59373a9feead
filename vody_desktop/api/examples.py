"""The API reference's status example: one copy for the sandbox, the self-test server and tests.

The reference shows this 200 body for `GET /inference/{id}/status` (every value a string,
numbers included; `response_time` is `updated_at - created_at` in seconds). Its `id` here is
the reference's status-example ID, the one the sandbox and the self-test serve it under.
Plain data, no Qt and no sandbox, so app code (the self-test) may import it too. Read-only:
build a variant with a dict merge, `{**STATUS_EXAMPLE, "status": "failed"}`.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

STATUS_EXAMPLE_ID: Final = "1676dc31-a593-4e42-8c7b-4fca9a149777"

STATUS_EXAMPLE: Final[Mapping[str, str]] = MappingProxyType(
    {
        "id": STATUS_EXAMPLE_ID,
        "created_at": "2023-08-12T17:22:55.882273+00:00",
        "updated_at": "2023-08-12T17:22:58.495959+00:00",
        "status": "completed",
        "model": "color-classification",
        "response_code": "200",
        "request_item_count": "2",
        "response_item_count": "2",
        "response_time": "2.613686",
    }
)

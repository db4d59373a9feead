"""The curl commands that repeat a lookup, for support tickets and scripts.

The key is written as `$VODY_API_KEY` (the shell fills it in) unless the person asks for it
to be included; the same two requests the app makes: the status, then the results.
"""

from __future__ import annotations

import shlex

from vody_desktop.api.client import API_KEY_HEADER
from vody_desktop.api.environments import normalize_base_url
from vody_desktop.api.ids import parse_inference_id

KEY_VARIABLE = "VODY_API_KEY"


def curl_commands(base_url: str, inference_id: str, api_key: str | None = None) -> str:
    """Two curl lines (status, results); raises the usual errors for a bad address or ID."""
    base = normalize_base_url(base_url)
    iid = parse_inference_id(inference_id)
    if api_key:
        header = shlex.quote(f"{API_KEY_HEADER}: {api_key}")
    else:
        header = f'"{API_KEY_HEADER}: ${KEY_VARIABLE}"'
    return "\n".join(
        f"curl --fail-with-body -sS -H {header} {shlex.quote(f'{base}/inference/{iid}/{part}')}"
        for part in ("status", "results")
    )

"""The self-test in-process: it passes against its canned server and says what went wrong if not."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import HANG_S
from vody_desktop import self_test, self_test_server


def test_self_test_passes_and_says_so(run_async: Any, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_async(self_test.run_self_test(timeout_s=HANG_S)) == 0
    out = capsys.readouterr().out
    assert "Vody Desktop" in out
    assert "self-test passed" in out


def test_self_test_fails_and_names_what_the_window_showed(
    run_async: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(self_test_server, "_ANSWERS", {})  # every request gets a 404

    assert run_async(self_test.run_self_test(timeout_s=HANG_S)) == 1

    err = capsys.readouterr().err
    assert "self-test FAILED" in err
    assert "the window shows an error" in err
    assert "the result tree has 0 rows, not 2" in err

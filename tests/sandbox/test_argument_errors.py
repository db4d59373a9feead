"""The sandbox takes keys as arguments; a mistyped option or value must not print them back."""

from __future__ import annotations

import pytest

from vody_desktop.sandbox.__main__ import main

SECRET = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"


@pytest.mark.parametrize(
    "argv",
    [
        [f"--api-kee={SECRET}"],
        [f"--port={SECRET}"],
        ["--api-key", SECRET, SECRET],
        [f"--list={SECRET}"],
    ],
)
def test_argument_errors_name_the_option_and_never_the_value(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "error:" in err
    assert "--help" in err
    assert SECRET not in err
    assert SECRET[:8] not in err

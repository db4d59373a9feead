"""Starting the app: arguments, where the key may come from, which environment is chosen."""

from __future__ import annotations

from typing import Any

import pytest

from vody_desktop import app


def test_key_is_never_accepted_as_an_argument(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        app.parse_args(["--api-key=1234abcd-bdde-1234-a39a-3ff12ce386d5"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err  # argparse writes errors to stderr, never stdout
    assert "unrecognized option --api-key" in err
    assert "1234abcd" not in err


def test_key_comes_from_the_environment_variable(qtbot: Any, monkeypatch: Any) -> None:
    monkeypatch.setenv("VODY_API_KEY", " secret-from-env ")
    window = app.build_window(app.parse_args([]), None)
    qtbot.addWidget(window)
    assert window.form.api_key() == "secret-from-env"
    assert window.form.environment_key() == "prod"


def test_env_url_selects_a_custom_address(qtbot: Any) -> None:
    window = app.build_window(app.parse_args(["--env", "https://staging.example.com"]), None)
    qtbot.addWidget(window)
    assert window.form.environment_key() == "custom"
    assert window.form.base_url() == "https://staging.example.com"
    assert window.form.custom_url_edit.isVisibleTo(window)


def test_env_dev_selects_development(qtbot: Any) -> None:
    window = app.build_window(app.parse_args(["--env", "dev"]), None)
    qtbot.addWidget(window)
    assert window.form.base_url() == "https://dev-api.vody.com"


def test_demo_selects_the_sandbox_with_the_demo_key(qtbot: Any) -> None:
    window = app.build_window(app.parse_args(["--demo"]), "http://127.0.0.1:8123")
    qtbot.addWidget(window)
    assert window.form.environment_key() == "sandbox"
    assert window.form.base_url() == "http://127.0.0.1:8123"
    assert window.form.api_key() == app.DEMO_API_KEY


def test_sandbox_environment_needs_demo(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        app.parse_args(["--env", "sandbox"])
    assert "--demo" in capsys.readouterr().err


def test_inference_id_argument_is_kept() -> None:
    args = app.parse_args(["0924dcfe-a593-4e42-8c7b-4fca9a149777"])
    assert args.inference_id == "0924dcfe-a593-4e42-8c7b-4fca9a149777"

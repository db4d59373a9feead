"""`--demo` where there is no sandbox (the installed bundle): a clear message, not a crash."""

from __future__ import annotations

import asyncio
import importlib.util
import sys
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from tests.conftest import wait_for
from vody_desktop import app, demo_support
from vody_desktop.ui.mainwindow.window import MainWindow


def test_demo_is_available_in_the_developer_install() -> None:
    assert demo_support.demo_unavailable() is None


def test_bundle_explains_that_the_demo_is_not_included(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)

    problem = demo_support.demo_unavailable()

    assert problem is not None
    assert problem.title == "The demo server is not part of this installation"
    assert "choose Production or Development, enter your API key" in problem.advice


def test_install_without_sandbox_extra_says_how_to_add_it(monkeypatch: pytest.MonkeyPatch) -> None:
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name: None if name == "uvicorn" else real_find_spec(name),
    )

    problem = demo_support.demo_unavailable()

    assert problem is not None
    assert "pip install 'vody-desktop[sandbox]'" in problem.advice
    assert problem.detail == "Missing Python modules: uvicorn"


def test_demo_in_a_bundle_opens_the_window_with_the_message(
    run_async: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(app, "_close_on_termination_signals", lambda _window: QTimer())
    monkeypatch.setattr(app, "_install_excepthook", lambda _window: None)
    args = app.parse_args(["--demo", "--env", "sandbox"])
    app._check_demo_available(args)
    assert args.demo is False

    async def look_and_close() -> tuple[str, str, str]:
        def shown() -> MainWindow | None:
            return next(
                (
                    w
                    for w in QApplication.topLevelWidgets()
                    if isinstance(w, MainWindow) and w.isVisible()
                ),
                None,
            )

        await wait_for(lambda: shown() is not None, what="the window")
        window = shown()
        assert window is not None
        await wait_for(lambda: window.messages.kind == "info", what="the message")
        title, advice = window.messages.title(), window.messages.advice()
        environment = window.form.environment_key()
        window.close()
        return title, advice, environment

    async def both() -> Any:
        return await asyncio.gather(app._run(args, None), look_and_close())

    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    qapp.setQuitOnLastWindowClosed(False)  # as app.main() does
    try:
        exit_code, (title, advice, environment) = run_async(both())
    finally:
        qapp.setQuitOnLastWindowClosed(True)

    assert exit_code == 0
    assert title == "The demo server is not part of this installation"
    assert "make demo" in advice
    assert environment != "sandbox"

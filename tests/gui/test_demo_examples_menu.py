"""`--demo` gives the window the sandbox's examples; without it there is no Examples menu."""

from __future__ import annotations

from typing import Any

from vody_desktop import app
from vody_desktop.demo_support import demo_examples
from vody_desktop.sandbox import catalogue


def test_demo_window_offers_every_catalogue_entry_as_an_example(qtbot: Any) -> None:
    window = app.build_window(app.parse_args(["--demo"]), "http://127.0.0.1:8123")
    qtbot.addWidget(window)
    entries = [a for a in window.menus["lookup.examples"].actions() if not a.isSeparator()]
    assert sorted(a.data() for a in entries) == sorted(e.inference_id for e in catalogue.ENTRIES)
    by_id = {e.inference_id: e.title for e in catalogue.ENTRIES}
    for action in entries:
        assert action.text().startswith(by_id[action.data()].replace("&", "&&"))
        assert action.text().endswith(f"\t{action.data()}")


def test_without_the_demo_there_are_no_examples(qtbot: Any) -> None:
    window = app.build_window(app.parse_args([]), None)
    qtbot.addWidget(window)
    assert not window.menus["lookup.examples"].menuAction().isVisible()
    assert "Examples" not in window.form.inference_id_edit.placeholderText()


def test_examples_list_documents_before_server_problems() -> None:
    groups = [example.group for example in demo_examples()]
    faults = sum(entry.kind == "fault" for entry in catalogue.ENTRIES)
    assert (
        groups
        == ["Inferences"] * (len(groups) - faults) + ["Problems the server can have"] * faults
    )

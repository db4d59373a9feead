"""The environment programs started by the installed app get: the person's, not the bundle's."""

from __future__ import annotations

import os
import sys

import pytest

from vody_desktop.child_environment import for_children, restore_for_children

BUNDLE = "/opt/vody-desktop/_internal"


def test_library_path_goes_back_to_what_the_bootloader_saved() -> None:
    env = for_children(
        {"LD_LIBRARY_PATH": f"{BUNDLE}:/opt/own/lib", "LD_LIBRARY_PATH_ORIG": "/opt/own/lib"},
        BUNDLE,
    )
    assert env == {"LD_LIBRARY_PATH": "/opt/own/lib"}


def test_library_path_the_person_did_not_have_is_removed() -> None:
    assert for_children({"LD_LIBRARY_PATH": BUNDLE, "HOME": "/home/a"}, BUNDLE) == {
        "HOME": "/home/a"
    }


def test_qt_paths_into_the_bundle_are_removed() -> None:
    env = for_children(
        {
            "QT_PLUGIN_PATH": f"{BUNDLE}/PySide6/Qt/plugins",
            "QML2_IMPORT_PATH": f"{BUNDLE}/PySide6/Qt/qml",
            "PATH": os.pathsep.join([BUNDLE, "/usr/bin", "/opt/vody-desktop/_internal-other"]),
        },
        BUNDLE,
    )
    # A folder that only shares the bundle's name as a prefix is not the bundle.
    assert env == {"PATH": os.pathsep.join(["/usr/bin", "/opt/vody-desktop/_internal-other"])}


def test_nothing_changes_outside_a_bundle(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(sys, "frozen", raising=False)
    environ = {"LD_LIBRARY_PATH": "/opt/own/lib", "QT_PLUGIN_PATH": "/opt/plugins"}
    assert restore_for_children(environ) is False
    assert environ == {"LD_LIBRARY_PATH": "/opt/own/lib", "QT_PLUGIN_PATH": "/opt/plugins"}

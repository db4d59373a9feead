"""Finding the app's resources in a source checkout, an installed wheel and a frozen bundle."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from vody_desktop import resources
from vody_desktop.resources import APP_ID

ROOT = Path(__file__).resolve().parents[2]


def test_source_checkout_uses_the_resources_folder() -> None:
    assert resources.resources_folder() == ROOT / "resources"
    assert resources.icon_png(32) == (
        ROOT / "resources" / "icons" / "hicolor" / "32x32" / "apps" / f"{APP_ID}.png"
    )
    assert resources.icon_svg().is_file()


def test_frozen_bundle_uses_its_own_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(ROOT / "resources" / "icons", tmp_path / "resources" / "icons")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)

    assert resources.resources_folder() == tmp_path / "resources"
    assert resources.icon_png(16).is_file()


def test_a_bundle_without_resources_names_where_it_looked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)

    with pytest.raises(resources.ResourcesMissingError, match="resources are missing"):
        resources.resources_folder()


def test_installed_wheel_layout_is_preferred(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "site-packages" / "vody_desktop"
    shutil.copytree(ROOT / "resources" / "icons", package / "_resources" / "icons")
    monkeypatch.setattr(resources, "PACKAGE_FOLDER", package)

    assert resources.resources_folder() == package / "_resources"

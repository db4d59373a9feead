"""Render the application icon's PNG sizes, .ico and .icns from its SVG source.

Run after changing `resources/icons/hicolor/scalable/apps/com.vody.Desktop.svg`, then commit
what it writes (`make icons`)::

    resources/icons/hicolor/<N>x<N>/apps/com.vody.Desktop.png   N = 16 ... 512
    resources/icons/com.vody.Desktop.ico                        Windows (16 ... 256)
    resources/icons/com.vody.Desktop.icns                       macOS (16 ... 512)

Qt's QSvgRenderer draws each size from the vector source (so small sizes are not blurred
downscales of a large bitmap); Pillow packs the sizes into .ico and .icns. Needs the
`packaging` extra (Pillow).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "resources" / "icons"
APP_ID = "com.vody.Desktop"
SVG = ICONS / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512)


def png_path(size: int) -> Path:
    """Where the PNG of one size lives (the freedesktop hicolor theme layout)."""
    return ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def render_pngs() -> list[Path]:
    """Draw the SVG at every size into its PNG file."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"Qt cannot read {SVG}")
    written = []
    for size in PNG_SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter)
        painter.end()
        path = png_path(size)
        path.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(path), b"PNG"):
            raise SystemExit(f"Could not write {path}")
        written.append(path)
    del app
    return written


def pack_ico_and_icns() -> list[Path]:
    """Pack the rendered PNGs into one .ico and one .icns file."""
    from PIL import Image

    images = {size: Image.open(png_path(size)).convert("RGBA") for size in PNG_SIZES}
    ico = ICONS / f"{APP_ID}.ico"
    largest_ico = images[max(ICO_SIZES)]
    largest_ico.save(
        ico,
        format="ICO",
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=[images[s] for s in ICO_SIZES if s != max(ICO_SIZES)],
    )
    icns = ICONS / f"{APP_ID}.icns"
    images[max(ICNS_SIZES)].save(
        icns,
        format="ICNS",
        append_images=[images[s] for s in ICNS_SIZES if s != max(ICNS_SIZES)],
    )
    return [ico, icns]


def main() -> int:
    for path in (*render_pngs(), *pack_ico_and_icns()):
        print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

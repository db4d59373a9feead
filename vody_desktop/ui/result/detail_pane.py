"""`DetailPane`: the selected value in full (wrapped), its path, and Copy / Open link buttons.

A dock beside the tree. Text values are shown whole (up to `MAX_CHARS`), objects and arrays as
pretty JSON (up to `MAX_JSON_BYTES` of source; beyond that it says to export). Colours show a
swatch, timestamps their local time. Invisible characters (zero-width, control) show as
`⟨U+200B⟩` markers; Copy, and copying a selection, give the value itself. The path is one line
cut in the middle (a deep path is longer than any screen), in full in its tooltip. A range row of a
very long array ("[0 … 9,999]") is described, not shown: its members are one click away.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vody_desktop.document.member_range import RangeNode
from vody_desktop.document.node import JsonNode
from vody_desktop.ui.result.tree_actions import pretty_text
from vody_desktop.ui.result.value_look import colour_of, link_of, short_text
from vody_desktop.ui.result.visible_text import unmark, visible
from vody_desktop.ui.widgets.elided_label import ElidedLabel
from vody_desktop.words import local_time_of, type_label

MAX_CHARS = 1_000_000
MAX_JSON_BYTES = 256 * 1024
SELECT_HINT = "Select a row to see its value in full here."
NO_RESULT_HINT = "Fetch or open a result to see its values here."


class _ValueText(QPlainTextEdit):
    """The value, with invisible characters marked; a copied selection has them unmarked."""

    def createMimeDataFromSelection(self) -> QMimeData:
        data = QMimeData()
        data.setText(unmark(self.textCursor().selectedText().replace("\u2029", "\n")))
        return data


class DetailPane(QDockWidget):
    """Dock titled "Details" with the full value of the selected node."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Details", parent)
        self.setObjectName("detailDock")
        body = QWidget()
        self.path_label = ElidedLabel()
        self.path_label.setObjectName("detailPath")
        self.path_label.setAccessibleName("Selected path")
        self.note_label = QLabel()
        self.note_label.setObjectName("detailNote")
        self.note_label.setWordWrap(True)
        self.text = _ValueText()
        self.text.setObjectName("detailText")
        self.text.setAccessibleName("Selected value")
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.copy_button = QPushButton("Copy")
        self.copy_button.setObjectName("detailCopyButton")
        self.copy_button.setToolTip("Copy the whole value shown here")
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        self.link_button = QPushButton("Open link")
        self.link_button.setObjectName("detailLinkButton")
        self.link_button.setToolTip("Open this web link in the browser")
        self.link_button.clicked.connect(self._on_link_button_clicked)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.link_button)
        buttons.addWidget(self.copy_button)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.path_label)
        layout.addWidget(self.note_label)
        layout.addWidget(self.text, 1)
        layout.addLayout(buttons)
        self.setWidget(body)
        self._link = ""
        self._value = ""  # what Copy gives: the text shown, without invisible-character markers
        self.show_node(None, has_result=False)

    def show_node(self, node: JsonNode | None, *, has_result: bool = True) -> None:
        """Show `node`; with None, a hint (to select a row, or that there is no result)."""
        if node is None:
            self.path_label.set_full_text(SELECT_HINT if has_result else NO_RESULT_HINT)
            self.note_label.clear()
            self.text.clear()
            self._value = ""
            self._set_link("")
            self.copy_button.setEnabled(False)
            return
        if isinstance(node, RangeNode):
            self._show_range(node)
            return
        self.path_label.set_full_text(visible(f"{node.path()}  ·  {type_label(node)}"))
        note = ""
        if node.is_container:
            if len(node.raw) > MAX_JSON_BYTES:
                text = ""
                note = "This part is too large to show here; export it (Ctrl+Shift+S)."
            else:
                text = pretty_text(node)
        else:
            text = node.display_value
            if len(text) > MAX_CHARS:
                note = f"Showing the first {MAX_CHARS:,} of {len(text):,} characters."
                text = text[:MAX_CHARS]
        short = short_text(node)
        link = ""
        if short is not None:
            colour = colour_of(short)
            local = local_time_of(short)
            if colour is not None:
                note = (
                    f"<span style='background:{colour.name()}'>&nbsp;&nbsp;&nbsp;&nbsp;</span>"
                    f" colour {colour.name().upper()}"
                )
            elif local is not None:
                note = local
            url = link_of(short)
            link = url.toString() if url is not None else ""
        self.note_label.setText(note)
        self._value = text
        self.text.setPlainText(visible(text))
        self.copy_button.setEnabled(bool(text))
        self._set_link(link)

    def _show_range(self, node: RangeNode) -> None:
        """A range row of a very long array: what it holds, without joining its members."""
        container = node.container
        self.path_label.set_full_text(visible(f"{node.path()}  ·  {node.count:,} items"))
        self.note_label.setText(
            f"Items {node.first:,} to {node.stop - 1:,} of the {container.child_count:,} in "
            f"{visible(container.path())}. Open the row to see them; Copy value (Ctrl+C) "
            "gives them as a JSON array, and Export selection (Ctrl+Shift+S) saves them."
        )
        self._value = ""
        self.text.clear()
        self.copy_button.setEnabled(False)
        self._set_link("")

    def _set_link(self, link: str) -> None:
        self._link = link
        self.link_button.setVisible(bool(link))

    def value_text(self) -> str:
        """The value shown, as Copy gives it (invisible characters as they are)."""
        return self._value

    def _on_copy_button_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self._value)

    def _on_link_button_clicked(self) -> None:
        url = link_of(self._link)
        if url is not None:
            QDesktopServices.openUrl(url)

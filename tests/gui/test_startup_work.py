"""Start-up does only what the first paint needs; the rest waits for first use or a worker.

Each check runs in a fresh interpreter, the only place where "not imported yet" means something.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: Imported on first use (a query, the keychain worker, the first lookup), not with the window.
LATER = ("jsonpath", "keyring", "httpx", "truststore", "importlib.metadata")
#: Not needed to paint the form and an empty result: the JSON decoder (the empty tree decodes
#: nothing), the search engine (the find bar only says what it wants), the lookup's code and
#: the API's models (the first Fetch imports them, if the lookups are not built by then), the
#: Items tab (hidden until a result has items) with its pictures, and the picture client's
#: cookie jar.
NOT_FOR_THE_FIRST_PAINT = (
    "msgspec",
    "vody_desktop.document.search",
    "vody_desktop.document.pretty",
    "vody_desktop.document.compact",
    "vody_desktop.lookup",
    "vody_desktop.api.models",
    "vody_desktop.ui.mainwindow.items_part",
    "vody_desktop.ui.items.items_tab",
    "vody_desktop.ui.pictures.loader",
    "http.cookiejar",
    "vody_desktop.ui.mainwindow.examples_menu",  # the demo's Lookup > Examples only
)
#: Qt classes whose Python enums PySide6 makes when a module first imports the class (0.5-2 ms
#: each), used only later: a link in a value, a message read out by a screen reader, a file
#: dialog.
LATER_CLASSES = ("QUrl", "QAccessible", "QFileDialog")
#: Imported by the warm-up worker (a lookup's first request waits for it): the network stack,
#: with the parts of anyio that it imports only inside the first request (on the UI thread,
#: between the two requests of a lookup).
WARMED = ("httpx", "truststore", "anyio._backends._asyncio", "anyio.streams.tls")
#: Imported after it, on a thread no request waits for: what a result needs once it is in.
WARMED_LATER = ("msgspec", "http.cookiejar", "coloraide")
#: httpx's command-line tool and what it imports (40 ms and more): never used by the app.
HTTPX_COMMAND_LINE = ("httpx._main", "click", "rich", "pygments")
#: Imported after the window's first paint (ui/mainwindow/later_parts.py): the lookup's parts
#: (and with them the API client), the History dock (and sqlite3), find, Details and Query.
AFTER_FIRST_PAINT = (
    "vody_desktop.ui.mainwindow.items_part",
    "vody_desktop.ui.items.items_tab",
    "vody_desktop.api.client",
    "vody_desktop.ui.mainwindow.lookup_controller",
    "vody_desktop.ui.mainwindow.result_presenter",
    "vody_desktop.ui.files.body_download",
    "vody_desktop.ui.history.history_keeper",
    "vody_desktop.store.history",
    "sqlite3",
    "vody_desktop.ui.find.inspector",
    "vody_desktop.ui.find.find_controller",
    "vody_desktop.ui.find.query_panel",
    "vody_desktop.ui.result.detail_pane",
)


def run_python(code: str) -> object:
    """Run `code` in a fresh interpreter; the JSON it prints last."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.splitlines()[-1])


def test_building_the_window_imports_no_query_engine_keychain_or_network() -> None:
    imported = run_python(
        "import json, sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from vody_desktop.store.settings import AppSettings\n"
        "from vody_desktop.ui.mainwindow.window import MainWindow\n"
        "window = MainWindow(AppSettings())\n"
        f"print(json.dumps([name for name in {LATER!r} if name in sys.modules]))\n"
    )
    assert imported == []


def test_the_first_paint_needs_no_decoder_search_engine_items_tab_or_style_enums() -> None:
    """What the window has imported, and whether PySide6 has made QStyle's Python enums (about
    10 ms: it does on the first use of QStyle from Python), once it is painted; nor the widget
    classes it makes to learn the Python class of a plain widget Qt made (a scroll area's
    viewport: about 9 ms, QWizard among them)."""
    painted = run_python(
        "import json, sys\n"
        "from PySide6 import QtWidgets\n"
        "from PySide6.QtTest import QTest\n"
        "app = QtWidgets.QApplication([])\n"
        "from vody_desktop.ui import warm_imports\n"
        "warm_imports.import_soon = lambda *args, **kwargs: None  # its worker would race this\n"
        "from vody_desktop.store.settings import AppSettings\n"
        "from vody_desktop.ui.mainwindow.window import MainWindow\n"
        "window = MainWindow(AppSettings())\n"
        "window.later.stop()  # nothing is built after the first paint: only what it needs\n"
        "window.resize(1000, 700)\n"
        "window.show()\n"
        "exposed = QTest.qWaitForWindowExposed(window, 600_000)\n"
        "app.processEvents()  # the paint of the window and of every widget in it\n"
        f"names = [name for name in {NOT_FOR_THE_FIRST_PAINT!r} if name in sys.modules]\n"
        "style = 'QStyle' in vars(QtWidgets)  # PySide6 puts a class there once it is made\n"
        "wizard = 'QWizard' in vars(QtWidgets)\n"
        "from PySide6 import QtCore, QtGui\n"
        "later = [name for module in (QtCore, QtGui, QtWidgets) for name in vars(module)\n"
        f"         if name in {LATER_CLASSES!r}]\n"
        "print(json.dumps({'exposed': exposed, 'imported': names, 'style_enums': style,\n"
        "                  'widget_classes': wizard, 'later_classes': later}))\n"
    )
    assert painted == {
        "exposed": True,
        "imported": [],
        "style_enums": False,
        "widget_classes": False,
        "later_classes": [],
    }


def test_the_window_imports_its_later_parts_only_after_its_first_paint() -> None:
    imported = run_python(
        "import json, sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from vody_desktop.store.settings import AppSettings\n"
        "from vody_desktop.ui.mainwindow.window import MainWindow\n"
        "window = MainWindow(AppSettings())\n"
        f"built = [name for name in {AFTER_FIRST_PAINT!r} if name in sys.modules]\n"
        "window.later.built.connect(app.quit)\n"
        "window.show()\n"
        "app.exec()  # until the parts after the first paint are built\n"
        f"after = [name for name in {AFTER_FIRST_PAINT!r} if name in sys.modules]\n"
        "print(json.dumps({'built': built, 'after_paint': after}))\n"
    )
    assert imported == {"built": [], "after_paint": list(AFTER_FIRST_PAINT)}


def test_warming_up_imports_the_network_stack_on_a_worker_thread() -> None:
    warmed = run_python(
        "import json, sys, threading\n"
        "from vody_desktop.ui import warm_imports\n"
        "before = 'httpx' in sys.modules\n"
        "warm_imports.import_now()\n"
        "warm_imports.import_now()  # a second call starts no second worker\n"
        "workers = [t for t in threading.enumerate() if t.name == 'warm-imports']\n"
        "for worker in workers:\n"
        "    worker.join()\n"
        f"network = [m for m in {WARMED!r} if m in sys.modules]\n"
        "later = [t for t in threading.enumerate() if t.name == 'warm-imports-later']\n"
        "for worker in later:\n"
        "    worker.join()\n"
        "from vody_desktop.ui.result import visible_text\n"
        "print(json.dumps({'before': before, 'workers': len(workers), 'network': network,\n"
        f"    'later': [m for m in {WARMED_LATER!r} if m in sys.modules],\n"
        f"    'command_line': [m for m in {HTTPX_COMMAND_LINE!r} if sys.modules.get(m)],\n"
        "    'pattern_built': visible_text._invisible_class.cache_info().currsize}))\n"
    )
    assert warmed == {
        "before": False,
        "workers": 1,
        "network": list(WARMED),
        "later": list(WARMED_LATER),
        "command_line": [],  # installed here (the test tools need click and rich), not imported
        "pattern_built": 1,
    }


def test_warming_up_for_a_lookup_leaves_the_colour_library_until_it_is_asked_for() -> None:
    """An ID on the command line: coloraide (about 80 ms of Python) is not imported while its
    result arrives and is shown (items/colour_loading.py), only once the table asks for it."""
    found = run_python(
        "import json, sys, threading\n"
        "from vody_desktop.items import colour_loading\n"
        "from vody_desktop.ui import warm_imports\n"
        "warm_imports.import_for_lookup()\n"
        "for name in ('warm-imports', 'warm-imports-later'):\n"  # the first starts the second
        "    for worker in [t for t in threading.enumerate() if t.name == name]:\n"
        "        worker.join()\n"
        "held = {'imported': 'coloraide' in sys.modules, 'pending': colour_loading.pending(),\n"
        "    'decoder': 'msgspec' in sys.modules}\n"
        "loaded = threading.Event()\n"
        "colour_loading.when_loaded(loaded.set)\n"
        "colour_loading.load()\n"
        "colour_loading.wait()  # as closing does: the worker has ended, its news told\n"
        "alive = [t.name for t in threading.enumerate() if t.name == 'colour-library']\n"
        "print(json.dumps({'held': held, 'loaded': {'imported': 'coloraide' in sys.modules,\n"
        "    'pending': colour_loading.pending(), 'heard': loaded.is_set(), 'alive': alive}}))\n"
    )
    assert found == {
        "held": {"imported": False, "pending": True, "decoder": True},
        "loaded": {"imported": True, "pending": False, "heard": True, "alive": []},
    }


def test_pyside_hears_the_same_answer_about_each_module_from_its_bytes() -> None:
    answers = run_python(
        "import json, sys\n"
        "from vody_desktop.ui import pyside_feature_check\n"
        "first, again = pyside_feature_check.install(), pyside_feature_check.install()\n"
        "import vody_desktop.ui.mainwindow.window\n"
        "import vody_desktop.ui.mainwindow.later_parts as later\n"
        "for name in later.LATER_MODULES:\n"
        "    __import__(name)\n"
        "feature = sys.modules['shibokensupport.feature']\n"
        "fast = feature._mod_uses_pyside\n"
        "original = fast.__closure__[0].cell_contents\n"
        # typing.io and typing.re are classes: PySide6's own look parses typing.py for each.
        "modules = [m for n, m in sorted(sys.modules.items()) if not n.startswith('typing.')]\n"
        "differ = [m.__name__ for m in modules if fast(m) != original(m)]\n"
        "ours = [m for m in modules if m.__name__.startswith('vody_desktop.') and fast(m)]\n"
        "print(json.dumps({'installed': [first, again], 'differ': differ, 'ours': len(ours)}))\n"
    )
    assert isinstance(answers, dict)
    assert answers["installed"] == [True, False]  # once
    assert answers["differ"] == []
    assert answers["ours"] > 20  # the window's modules do use PySide6, and are seen to


#: The modules of the parts built after the first paint: imported on the UI thread when their
#: group is built (they define Qt classes, which PySide6 cannot set up safely on a second thread).
LATER_PARTS = (
    "vody_desktop.ui.mainwindow.items_part",
    "vody_desktop.ui.mainwindow.lookup_controller",
    "vody_desktop.ui.mainwindow.result_presenter",
    "vody_desktop.ui.files.body_download",
    "vody_desktop.ui.files.raw_body_saver",
    "vody_desktop.ui.history.history_keeper",
    "vody_desktop.ui.find.inspector",
)
_QT = ("PySide6", "shiboken6", "shibokensupport", "qasync", "vody_desktop.ui")


def test_the_later_imports_worker_imports_no_qt_and_leaves_the_parts_nothing_else() -> None:
    found = run_python(
        "import importlib, json, sys\n"
        "from vody_desktop.ui.mainwindow import later_parts\n"  # itself Qt: imported before
        "before = set(sys.modules)\n"
        "for name in later_parts.LATER_MODULES:\n"
        "    importlib.import_module(name)\n"
        f"qt = sorted(m for m in set(sys.modules) - before if m.startswith({_QT!r}))\n"
        "import vody_desktop.ui.mainwindow.window\n"
        "before = set(sys.modules)\n"
        f"for name in {LATER_PARTS!r}:\n"
        "    importlib.import_module(name)\n"
        f"left = sorted(m for m in set(sys.modules) - before if not m.startswith({_QT!r}))\n"
        "print(json.dumps({'qt_on_the_worker': qt, 'left_for_the_ui_thread': left}))\n"
    )
    assert found == {"qt_on_the_worker": [], "left_for_the_ui_thread": []}

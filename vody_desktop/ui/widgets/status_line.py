"""`StatusLine`: the window's status bar as the parts see it, a function and nothing more.

A part that says something short ("Loaded 2 KB in 0.10 s", "Saving result.json…") gets this
instead of the window: `status_line(text, ms)` shows `text` for `ms` milliseconds (0: until
replaced), and an empty `text` clears the line.
"""

from __future__ import annotations

from collections.abc import Callable

StatusLine = Callable[[str, int], None]

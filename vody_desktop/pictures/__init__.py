"""Pictures linked from results: which strings are picture links, and fetching them safely.

Qt-free (import-linter checks it): decoding and the cache live in ``vody_desktop.ui.pictures``.
"""

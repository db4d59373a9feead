"""The JSON document behind the tree: lazily decoded nodes over the raw bytes, paths and export.

Qt-free, so it can be tested and reused (command line, exports) without a display.
"""

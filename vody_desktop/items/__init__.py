"""The Items view's plain-Python parts: finding items, columns, ordering, colours, table text.

No Qt here (an import-linter contract): the ui/items layer shows what these parts decide.
"""

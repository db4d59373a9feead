"""`SearchOptions`: what the find field asks for (text, case, whole word, regular expression).

A module of its own so that the find bar, which the window's first paint shows, does not import
the search engine (and msgspec with it) to say what it wants; document/search.py does the work.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SearchOptions:
    """What to look for and how."""

    text: str
    case_sensitive: bool = False
    whole_word: bool = False
    regex: bool = False

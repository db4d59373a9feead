"""Who reviews: the name kept with each verdict.

Qt-free. The Preferences setting `review/reviewer` (store/settings.py `REVIEWER`) holds a name
the person typed; empty means the computer's user name, and when even that cannot be found
(no such user on a container, a service account without a name) the word "reviewer".
"""

from __future__ import annotations

import getpass

FALLBACK_REVIEWER = "reviewer"


def default_reviewer() -> str:
    """The computer's user name, or "reviewer" when it cannot be found."""
    try:
        # OSError from Python 3.13 on; KeyError and ImportError before it (no pwd entry).
        name = getpass.getuser()
    except (OSError, KeyError, ImportError):
        return FALLBACK_REVIEWER
    return name.strip() or FALLBACK_REVIEWER


def reviewer_name(setting: str) -> str:
    """The name to keep with a verdict: the setting's text, or the default when it is empty."""
    return " ".join(setting.split()) or default_reviewer()

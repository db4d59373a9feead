"""How long closing the window waits for work it has cancelled to wind down.

A cancelled request or export normally ends within a few loop turns. The bound is only for work
that ignores its cancellation; on a busy machine two seconds were too short (a download still
closing its connection left an unclosed socket behind), so it is generous.
"""

from __future__ import annotations

#: Seconds `shutdown()` waits for cancelled tasks before closing what they use anyway.
SHUTDOWN_WAIT_S = 10.0

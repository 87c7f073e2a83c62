"""Whether a process still runs (for stale run records and stale server handles)."""

from __future__ import annotations

import contextlib
import os


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    # A child of this process that exited still answers until it is reaped: reap it.
    with contextlib.suppress(ChildProcessError):
        return os.waitpid(pid, os.WNOHANG) == (0, 0)
    return True

"""Per-host politeness inside one process: a minimum interval between request starts and a cap on
requests in flight, shared by every provider that talks to the same host.

Across processes (one Dagster run per provider) the run queue does the same job: ``dagster.yaml``
limits runs per ``jobintel/host`` tag, so two runs never hit one ATS host at once.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class HostGate:
    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._active = 0
        self._next_start = 0.0

    def acquire(
        self,
        rps: float,
        max_concurrent: int,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> float:
        """Block until this request may start; returns the seconds waited for the interval."""
        with self._cond:
            while self._active >= max_concurrent:
                self._cond.wait()
            self._active += 1
            now = clock()
            start = max(now, self._next_start)
            self._next_start = start + 1.0 / rps
        wait = start - now
        if wait > 0:
            sleep(wait)
        return max(wait, 0.0)

    def release(self) -> None:
        with self._cond:
            self._active -= 1
            self._cond.notify()


_GATES: dict[str, HostGate] = {}
_GATES_LOCK = threading.Lock()


def gate_for(host: str) -> HostGate:
    with _GATES_LOCK:
        return _GATES.setdefault(host.lower(), HostGate())

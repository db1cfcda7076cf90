"""Ctrl-C and ``kill`` during ``jobintel run``: the run in progress ends in a terminal state, no new
run starts, and the command exits 130.

While a run executes, Dagster owns SIGINT and SIGTERM: it interrupts the step's code at once and
marks the run failed ("Execution was interrupted"), then restores our handlers — so the signal
never reaches us, and we read it from the run's events instead. Between runs the handlers here
record the signal (SIGTERM included, which would otherwise kill the process mid-write) and the
caller stops at its next check.
"""

import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

from dagster import ExecuteInProcessResult
from dagster._utils.error import SerializableErrorInfo

SIGNALS = (signal.SIGINT, signal.SIGTERM)
INTERRUPTED_ERROR = "DagsterExecutionInterruptedError"


def error_chain(error: SerializableErrorInfo | None) -> Iterator[SerializableErrorInfo]:
    """A recorded error, then its cause (or context), and so on to the innermost."""
    while error is not None:
        yield error
        error = error.cause or error.context


def was_interrupted(result: ExecuteInProcessResult) -> bool:
    """Whether a signal ended the run: Dagster records it in the step's failure (or its cause)."""
    return any(
        err.cls_name == INTERRUPTED_ERROR
        for event in result.all_events
        if event.is_step_failure
        for err in error_chain(event.step_failure_data.error)
    )


class Interrupts:
    def __init__(self) -> None:
        self.received: str | None = None

    def _handle(self, signum: int, _frame: FrameType | None) -> None:
        self.received = signal.Signals(signum).name

    def run(self, call: Callable[[], ExecuteInProcessResult]) -> ExecuteInProcessResult:
        """``call()`` (one in-process Dagster run), noting a signal that interrupted it."""
        result = call()
        if was_interrupted(result) and not self.received:
            self.received = "SIGINT/SIGTERM"
        return result

    @contextmanager
    def installed(self) -> Iterator["Interrupts"]:
        previous = {sig: signal.signal(sig, self._handle) for sig in SIGNALS}
        try:
            yield self
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

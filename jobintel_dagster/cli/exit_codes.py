"""The exit codes of every ``jobintel`` command, and the one mapping from what went wrong to them.

A script or a CI job reads the code, not the message: 2 means "fix what you gave it" (rerunning
will not help), 3 and above mean the inputs were fine and something failed while running
(``docs/operations.md``, "Exit codes"). An exception this module does not know is a bug: ``main``
lets its traceback through and Python exits 1.

Imports nothing heavy: ``jobintel mark`` and ``jobintel state`` never load dagster.
"""

from collections.abc import Iterable
from enum import IntEnum

from pydantic import ValidationError

from jobintel_core.storage.objects import StorageUnavailable
from jobintel_dagster.runs.errors import InstanceUnavailable


class ExitCode(IntEnum):
    OK = 0
    INVALID_INPUT = 2  # a bad argument, registry, profile or setting; nothing stored yet to work on
    RUN_FAILED = 3  # a provider's run (or the rollup, warehouse build, weekly insights) failed
    UNREACHABLE = 4  # the object storage or the Dagster instance's database cannot be reached
    NOT_REPRODUCED = 5  # `jobintel replay`: a partition's content hash differs from its record
    INTERRUPTED = 130  # SIGINT (Ctrl-C) or SIGTERM; the run in progress was marked failed


class CommandFailed(Exception):
    """A failure a command explains in one line (printed on stderr) with the code it exits with."""

    def __init__(self, code: ExitCode, message: str) -> None:
        super().__init__(message)
        self.code = code


def exit_code_for(exc: BaseException) -> ExitCode | None:
    """The code an exception ends a command with; None for an unexpected one (a bug)."""
    if isinstance(exc, CommandFailed):
        return exc.code
    if isinstance(exc, StorageUnavailable | InstanceUnavailable):
        return ExitCode.UNREACHABLE
    if isinstance(exc, ValidationError):  # settings, registry or profile as read from the environment
        return ExitCode.INVALID_INPUT
    if isinstance(exc, KeyboardInterrupt):
        return ExitCode.INTERRUPTED
    return None


def failed_run_code(causes: Iterable[str]) -> ExitCode:
    """A failed run's code from the class names of its failures' root causes (a run's errors
    reach us serialized, by name): storage that could not be reached is 4, anything else 3."""
    return ExitCode.UNREACHABLE if StorageUnavailable.__name__ in set(causes) else ExitCode.RUN_FAILED

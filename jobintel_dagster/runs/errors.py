"""Failures of the Dagster instance, in a module that imports no dagster: the CLI's exit codes map
them without loading dagster into ``jobintel mark`` / ``jobintel state``."""


class InstanceUnavailable(RuntimeError):
    """The instance's storage cannot be used; the message is one line naming it and the cause."""

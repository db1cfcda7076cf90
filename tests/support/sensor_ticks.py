"""Evaluating a sensor tick after tick against a real instance, carrying its cursor like the daemon."""

from dagster import DagsterInstance, Definitions, RunRequest, build_sensor_context


class SensorTicks:
    def __init__(self, defs: Definitions, instance: DagsterInstance, name: str) -> None:
        self.defs, self.instance, self.cursor = defs, instance, None
        self.sensor = defs.resolve_sensor_def(name)

    def tick(self) -> list[RunRequest]:
        with build_sensor_context(
            instance=self.instance, definitions=self.defs, cursor=self.cursor
        ) as context:
            result = self.sensor.evaluate_tick(context)
        self.cursor = result.cursor
        return result.run_requests

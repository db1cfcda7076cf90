"""Automation domain: the two daily jobs, the schedule, and the sensors that follow it."""

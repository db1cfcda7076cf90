"""Running the code location from Python: in-process runs, a whole day, replay, and the embedded instance."""

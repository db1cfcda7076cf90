"""The web app's access to the Dagster instance (the core app takes it as a ``RunsSource``)."""

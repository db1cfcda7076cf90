"""Configuration: environment settings, the provider registry, and the error messages they share."""

"""Maintenance scripts, run from the project root as ``python -m tools.NAME``."""

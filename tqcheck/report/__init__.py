"""Renderers: every format is a view of one ``CheckResult``."""

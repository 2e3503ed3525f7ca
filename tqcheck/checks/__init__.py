"""Checks: one small function per flag code, registered by code (pofilter style)."""

from tqcheck.checks.registry import CheckContext, registered_codes, run_checks

__all__ = ["CheckContext", "registered_codes", "run_checks"]

"""tqcheck: a Korean-English machine-translation quality checker."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("tqcheck")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.1.0"

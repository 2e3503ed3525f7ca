"""Write output files so that a crash or Ctrl-C never leaves a half-written report.

Reports are often consumed by CI jobs or overwrite the previous run's output; a truncated
JSON file there is worse than no file, so the data goes to a temporary file beside the
target and only an atomic ``os.replace`` makes it visible.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

from tqcheck.errors import InputError

__all__ = ["write_atomic"]


def write_atomic(path: str | Path, data: str | bytes, *, encoding: str = "utf-8") -> None:
    """Replace ``path`` with ``data`` in one step: readers see the old file or the new one.

    The temporary file lives in the target's directory because ``os.replace`` is only
    atomic within one file system. Parent directories are not created: a missing one is far
    more often a typo in the output path than a wish for a new directory tree.
    """
    shown = str(path)
    target = Path(path)
    # Writing through a symlink should update what it points to, not replace the link.
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    parent = target.parent

    if isinstance(data, str):
        try:
            payload = data.encode(encoding)
        except UnicodeEncodeError as error:
            raise InputError(
                f"cannot write {shown}: the text cannot be encoded as {encoding}; use utf-8 instead"
            ) from error
        except LookupError as error:
            raise InputError(f"cannot write {shown}: unknown encoding {encoding!r}; use utf-8") from error
    else:
        payload = bytes(data)

    if not parent.exists():
        raise InputError(
            f"cannot write {shown}: the directory {parent} does not exist; "
            "create it first or choose another output path"
        )
    if not parent.is_dir():
        raise InputError(f"cannot write {shown}: {parent} is not a directory; choose another output path")
    if target.is_dir():
        raise InputError(f"cannot write {shown}: it is a directory; give a file name instead")

    mode = _mode_for(target)
    try:
        fd, temp_name = tempfile.mkstemp(dir=parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as error:
        raise _write_error(shown, error) from error
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file 0600; an output file should get the usual permissions.
        with contextlib.suppress(OSError):
            os.chmod(temp_name, mode)
        os.replace(temp_name, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        if isinstance(error, OSError):
            raise _write_error(shown, error) from error
        raise
    _sync_directory(parent)


def _write_error(shown: str, error: OSError) -> InputError:
    if isinstance(error, PermissionError):
        return InputError(f"cannot write {shown} (permission denied): choose a path you can write to")
    reason = error.strerror or str(error)
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return InputError(f"cannot write {shown} ({reason}): free some space or choose another output path")
    return InputError(f"cannot write {shown} ({reason}): choose another output path")


def _mode_for(target: Path) -> int:
    """Keep an existing file's permissions; give a new one what ``open()`` would."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        pass
    # os.umask can only be read by setting it; this process is single-threaded when writing.
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def _sync_directory(directory: Path) -> None:
    # Makes the rename itself durable on POSIX; not possible (nor needed) everywhere.
    if os.name != "posix":
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)

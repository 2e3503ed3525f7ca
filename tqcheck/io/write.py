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
from collections.abc import Iterable
from pathlib import Path

from tqcheck.errors import InputError

__all__ = ["Content", "check_writable", "write_all_atomic", "write_atomic"]

Content = str | bytes | Iterable[str]
"""What a report file holds: text, bytes, or text in chunks (written as they come, so a huge report
never sits in memory whole)."""


def check_writable(path: str | Path, *, force: bool = False) -> Path:
    """Refuse, before any work is done, an output path that cannot or should not be written: a
    missing folder, a folder given as a file, or an existing read-only file (unless ``force``).

    Parent directories are not created: a missing one is far more often a typo in the output path
    than a wish for a new directory tree. Returns the real file to write (through a symlink)."""
    shown = str(path)
    target = Path(path)
    # Writing through a symlink should update what it points to, not replace the link.
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    parent = target.parent
    if not parent.exists():
        raise InputError(
            f"cannot write {shown}: the directory {parent} does not exist; "
            "create it first or choose another output path"
        )
    if not parent.is_dir():
        raise InputError(f"cannot write {shown}: {parent} is not a directory; choose another output path")
    if target.is_dir():
        raise InputError(f"cannot write {shown}: it is a directory; give a file name instead")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise InputError(f"cannot write {shown} (permission denied): choose a path you can write to")
    if target.exists() and not os.access(target, os.W_OK) and not force:
        raise InputError(f"{shown} is read-only: choose another path, or pass --force to replace it")
    return target


def _payload(shown: str, data: Content, encoding: str) -> bytes | Iterable[bytes]:
    if isinstance(data, bytes | bytearray | memoryview):
        return bytes(data)
    if not isinstance(data, str):
        return (_encoded(shown, chunk, encoding) for chunk in data)
    return _encoded(shown, data, encoding)


def _encoded(shown: str, data: str, encoding: str) -> bytes:
    try:
        return data.encode(encoding)
    except UnicodeEncodeError as error:
        raise InputError(
            f"cannot write {shown}: the text cannot be encoded as {encoding}; use utf-8 instead"
        ) from error
    except LookupError as error:
        raise InputError(f"cannot write {shown}: unknown encoding {encoding!r}; use utf-8") from error


def write_atomic(path: str | Path, data: Content, *, encoding: str = "utf-8", force: bool = True) -> None:
    """Replace ``path`` with ``data`` in one step: readers see the old file or the new one.

    The temporary file lives in the target's directory because ``os.replace`` is only
    atomic within one file system."""
    write_all_atomic([(path, data)], encoding=encoding, force=force)


def write_all_atomic(
    files: list[tuple[str | Path, Content]], *, encoding: str = "utf-8", force: bool = False
) -> None:
    """Write several files all or nothing: every one is staged to a temporary file first, and only
    when all are staged are they renamed into place, so a failure on the third report leaves the
    first two untouched (not replaced by this run's)."""
    staged: list[tuple[str, Path]] = []
    try:
        prepared = [
            (str(path), check_writable(path, force=force), _payload(str(path), data, encoding))
            for path, data in files
        ]
        for shown, target, payload in prepared:
            staged.append((_stage(shown, target, payload), target))
        for temp_name, target in staged:
            os.replace(temp_name, target)
    except BaseException as error:
        for temp_name, _ in staged:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)
        if isinstance(error, OSError):
            raise _write_error(str(files[len(staged) - 1][0] if staged else files[0][0]), error) from error
        raise
    for directory in {target.parent for _, target in staged}:
        _sync_directory(directory)


def _stage(shown: str, target: Path, payload: bytes | Iterable[bytes]) -> str:
    mode = _mode_for(target)
    try:
        fd, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as error:
        raise _write_error(shown, error) from error
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(payload, bytes):
                handle.write(payload)
            else:
                for chunk in payload:
                    handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file 0600; an output file should get the usual permissions.
        with contextlib.suppress(OSError):
            os.chmod(temp_name, mode)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    return temp_name


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

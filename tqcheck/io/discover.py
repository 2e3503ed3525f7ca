"""Turn the INPUT arguments of ``tqcheck batch`` into the documents (``BatchItem``s) to check.

An INPUT may be a directory, a manifest, or a segment file. Discovery only *describes* documents
(paths, never contents, apart from peeking at CSV/TSV tables to classify them), so a batch of
thousands of files starts at once and each worker reads its own files.

Nothing a user passed is dropped silently: a file that looks like half of a pair lands in
``unmatched``, and a path that cannot be used (missing, unreadable, a bad manifest row) becomes an
``errors`` entry the batch reports while it goes on with everything else.

Directories are read with these rules (hidden files and folders such as ``.git`` are skipped):

* name pairs, at any depth: ``X.en.txt`` + ``X.ko.txt`` (+ optional ``X.ref.ko.txt``); id ``sub/X``;
* parallel folders: a folder holding ``en/`` and ``ko/`` (+ optional ``ref/``) pairs
  ``en/P.txt`` with ``ko/P.txt`` by relative path P, like translate-toolkit's ``-i``/``-o``/``-t``;
* segment files (``SEGMENT_SUFFIXES``): one item each, id = the relative path;
* CSV/TSV tables: a manifest is expanded, a segment file is an item, and a table without
  ``source``/``target`` columns is not a batch input and is skipped (a spreadsheet of notes);
  a table that cannot be read at all is an error entry, since it may have been meant as input.
  A glossary (``source,target`` of terms) has the columns of a segment file: keep it outside
  the batch folder.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from tqcheck.errors import InputError
from tqcheck.io.segments import SEGMENT_SUFFIXES, Table, read_table, table_columns
from tqcheck.model import BatchItem

__all__ = ["MANIFEST_SAMPLE_ROWS", "Discovery", "discover", "is_manifest"]

# How many data rows decide whether a CSV/TSV is a manifest: enough to outvote a missing file or
# two, few enough that classifying a large segment file costs nothing.
MANIFEST_SAMPLE_ROWS = 20
_TABLE_SUFFIXES = (".csv", ".tsv")
_PAIR_ROLES = ((".ref.ko.txt", "reference"), (".en.txt", "source"), (".ko.txt", "target"))
_PARALLEL_ROLES = {"en": "source", "ko": "target", "ref": "reference"}
_TXT_NAME = re.compile(r"[^\n\t]+\.txt", re.IGNORECASE)
_HINT = (
    "pass a directory, a manifest (.csv/.tsv of source,target file paths) "
    f"or a segment file ({', '.join(SEGMENT_SUFFIXES)})"
)


@dataclass
class Discovery:
    """What the INPUTs name: the documents, the half-pairs, and the inputs that could not be used."""

    items: list[BatchItem] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)  # paths of files with no partner
    errors: list[tuple[str, str]] = field(default_factory=list)  # (INPUT, one-line message)


OUTPUT_MARKER = ".tqcheck-output"
"""Written into every ``--output-dir``; a folder holding it is skipped when a batch is discovered, so
``tqcheck batch . --output-dir report`` run twice does not check its own reports."""


def discover(inputs: Sequence[Path]) -> Discovery:
    """Find every document the INPUTs name; never raises for a bad input (it becomes an error entry).

    Item ids are unique across the batch: when two INPUTs yield the same id, each gets its INPUT's
    name as a prefix (``batch-a/doc``), and any clash left gets ``~2``, ``~3``.
    """
    discovery = Discovery()
    groups: list[tuple[str, list[BatchItem]]] = []
    seen: set[Path] = set()
    for raw in inputs:
        path = Path(raw)
        shown = str(raw)
        try:
            key = path.resolve()
            if key in seen:
                continue  # the same INPUT twice would check (and count) every document twice
            seen.add(key)
            groups.append((shown, _discover_input(path, shown, discovery)))
        except InputError as error:
            discovery.errors.append((shown, str(error)))
        except OSError as error:
            discovery.errors.append((shown, f"{shown} cannot be read ({error.strerror or error}): check it"))
    discovery.items = _unique_ids(groups)
    return discovery


def _discover_input(path: Path, shown: str, discovery: Discovery) -> list[BatchItem]:
    if not path.exists():
        raise InputError(f"{shown} does not exist: check the path and the current directory")
    if path.is_dir():
        return _scan_directory(path, shown, discovery)
    if not path.is_file():
        raise InputError(f"{shown} is not a regular file or directory: {_HINT}")
    suffix = path.suffix.lower()
    if suffix in _TABLE_SUFFIXES:
        return _table_items(path, shown, path.name, [], discovery, in_directory=False)
    if suffix in SEGMENT_SUFFIXES:
        return [BatchItem(id=path.name, input=shown, segment_file=str(path))]
    if suffix == ".txt":
        raise InputError(
            f"{shown} is one side of a text pair: pass the directory holding X.en.txt and X.ko.txt, "
            "or check one pair with `tqcheck check SOURCE TARGET`"
        )
    raise InputError(f"{shown} is not a batch input: {_HINT}")


# --- manifests and CSV/TSV tables --------------------------------------------------------------


def is_manifest(table: Table, columns: dict[str, int], base: Path) -> bool:
    """Tell a manifest (cells are file paths) from a segment file (cells are text) by content.

    A table with ``source``/``target`` columns is a manifest when, in its first
    ``MANIFEST_SAMPLE_ROWS`` data rows, either

    1. more than half of the non-empty source/target cells name existing files relative to
       ``base`` (the manifest's folder) - a majority, not all, so one missing file does not turn a
       manifest into a "segment file" whose paths get checked as sentences; or
    2. every row's source and target cells are one-line names ending in ``.txt`` - a manifest
       whose files are all missing (wrong folder), which should give one error per row.

    Text segments practically never name an existing file, and never in both columns of every
    row end in ``.txt``, so segment files are not mistaken for manifests.
    """
    sample = [cells for _, cells in table.rows[:MANIFEST_SAMPLE_ROWS]]
    names = [
        cells[columns[role]].strip()
        for cells in sample
        for role in ("source", "target")
        if columns[role] < len(cells) and cells[columns[role]].strip()
    ]
    if not names:
        return False
    if 2 * sum(1 for name in names if _is_file(base, name)) > len(names):
        return True
    return all(
        max(columns["source"], columns["target"]) < len(cells)
        and _TXT_NAME.fullmatch(cells[columns["source"]].strip())
        and _TXT_NAME.fullmatch(cells[columns["target"]].strip())
        for cells in sample
    )


def _is_file(base: Path, name: str) -> bool:
    if "\n" in name or "\0" in name or len(name) > 4096:
        return False
    try:
        return (base / name).is_file()
    except (OSError, ValueError):
        return False


def _table_items(
    path: Path,
    shown: str,
    item_id: str,
    prefix: list[str],
    discovery: Discovery,
    *,
    in_directory: bool,
    claimed: set[Path] | None = None,
) -> list[BatchItem]:
    """A CSV/TSV: a manifest's rows, or the table itself as one segment file item.

    ``prefix`` (the manifest's folder inside a scanned directory) keeps manifest ids apart from
    other folders'; ``claimed`` collects the files a manifest uses so pairing skips them."""
    try:
        table = read_table(path)
    except InputError as error:
        discovery.errors.append((shown, str(error)))
        return []
    try:
        columns = table_columns(table)
    except InputError as error:
        if not in_directory:
            discovery.errors.append((shown, str(error)))
        return []  # inside a directory: some other table (notes, scores), not a batch input
    if not is_manifest(table, columns, path.parent):
        return [BatchItem(id=item_id, input=shown, segment_file=str(path))]
    return _manifest_items(path, table, columns, shown, prefix, discovery, claimed)


def _manifest_items(
    path: Path,
    table: Table,
    columns: dict[str, int],
    shown: str,
    prefix: list[str],
    discovery: Discovery,
    claimed: set[Path] | None,
) -> list[BatchItem]:
    base = path.parent
    items = []
    for line, cells in table.rows:
        where = f"{path} line {line}"
        files = {role: _cell(cells, columns, role) for role in ("source", "target", "reference")}
        empty = [role for role in ("source", "target") if not files[role]]
        if empty:
            discovery.errors.append(
                (
                    shown,
                    f"{where}: the {' and '.join(empty)} cell is empty: "
                    "each row names a source and a target file",
                )
            )
            continue
        missing = [
            f"{role} file {name!r}" for role, name in files.items() if name and not _is_file(base, name)
        ]
        if missing:
            discovery.errors.append(
                (
                    shown,
                    f"{where}: {' and '.join(missing)} not found "
                    f"(paths are relative to {base}): fix the path",
                )
            )
            continue
        paths = {role: base / name for role, name in files.items() if name}
        if claimed is not None:
            claimed.update(p.resolve() for p in paths.values())
        explicit = _cell(cells, columns, "id")
        item_id = "/".join([*prefix, explicit]) if explicit else _path_id(prefix, files["source"])
        reference = paths.get("reference")
        items.append(
            BatchItem(
                id=item_id,
                input=shown,
                source_path=str(paths["source"]),
                target_path=str(paths["target"]),
                reference_path=str(reference) if reference is not None else None,
            )
        )
    return items


def _cell(cells: list[str], columns: dict[str, int], role: str) -> str:
    index = columns.get(role)
    return cells[index].strip() if index is not None and index < len(cells) else ""


def _path_id(prefix: list[str], source: str) -> str:
    """A manifest row's default id: its source path without ``.en.txt``/``.txt``, seen from the
    scanned folder (``lists/../docs/a.en.txt`` -> ``docs/a``)."""
    posix = posixpath.normpath("/".join([*prefix, source.replace("\\", "/")]))
    for suffix in (".en.txt", ".txt"):
        if posix.lower().endswith(suffix):
            return posix[: -len(suffix)]
    return posix


# --- directories -------------------------------------------------------------------------------


def _scan_directory(root: Path, shown: str, discovery: Discovery) -> list[BatchItem]:
    files: list[Path] = []
    parallel_roots: set[Path] = set()  # folders holding en/ or ko/
    unmatched_before, errors_before = len(discovery.unmatched), len(discovery.errors)

    def unreadable(error: OSError) -> None:
        discovery.errors.append(
            (shown, f"{error.filename} cannot be read ({error.strerror or error}): check its permissions")
        )

    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable):
        if OUTPUT_MARKER in filenames:  # a batch's own output folder: its reports are not inputs
            dirnames[:] = []
            continue
        dirnames[:] = sorted(name for name in dirnames if not name.startswith("."))
        if any(name.lower() in ("en", "ko") for name in dirnames):
            parallel_roots.add(Path(dirpath))
        files.extend(Path(dirpath) / name for name in sorted(filenames) if not name.startswith("."))

    items: list[BatchItem] = []
    claimed: set[Path] = set()
    for path in files:  # manifests first: the files they name are theirs, not half-pairs
        if path.suffix.lower() in _TABLE_SUFFIXES:
            relative = path.relative_to(root)
            items += _table_items(
                path,
                shown,
                relative.as_posix(),
                list(relative.parent.parts),
                discovery,
                in_directory=True,
                claimed=claimed,
            )
    # keyed by (layout, *id parts): en/X.txt never pairs with X.ko.txt
    pairs: dict[tuple[str, ...], dict[str, Path]] = {}
    for path in files:
        if path.resolve() in claimed:
            continue
        relative = path.relative_to(root)
        suffix = path.suffix.lower()
        if suffix in SEGMENT_SUFFIXES and suffix not in _TABLE_SUFFIXES:
            items.append(BatchItem(id=relative.as_posix(), input=shown, segment_file=str(path)))
        elif suffix == ".txt":
            parallel = _parallel_key(root, relative, parallel_roots)
            layout, found = ("parallel", parallel) if parallel else ("name", _name_pair_key(relative))
            if found is not None:
                key, role = found
                pairs.setdefault((layout, *key), {}).setdefault(role, path)
    for key, roles in pairs.items():
        if "source" in roles and "target" in roles:
            reference = roles.get("reference")
            items.append(
                BatchItem(
                    id="/".join(key[1:]),
                    input=shown,
                    source_path=str(roles["source"]),
                    target_path=str(roles["target"]),
                    reference_path=str(reference) if reference is not None else None,
                )
            )
        else:
            discovery.unmatched.extend(str(path) for path in roles.values())
    discovery.unmatched[unmatched_before:] = sorted(discovery.unmatched[unmatched_before:])
    if not items and len(discovery.unmatched) == unmatched_before and len(discovery.errors) == errors_before:
        discovery.errors.append(
            (
                shown,
                f"{shown} holds no documents to check: expected X.en.txt + X.ko.txt pairs, en/ and ko/ "
                f"folders, segment files ({', '.join(SEGMENT_SUFFIXES)}) or a manifest",
            )
        )
    return sorted(items, key=lambda item: item.id)


def _parallel_key(
    root: Path, relative: Path, parallel_roots: set[Path]
) -> tuple[tuple[str, ...], str] | None:
    """``proj/en/sub/X.txt`` -> ((``proj``, ``sub``, ``X``), source) when ``proj`` holds en/ or ko/."""
    parts = relative.parts
    for index, part in enumerate(parts[:-1]):
        role = _PARALLEL_ROLES.get(part.lower())
        if role is not None and root.joinpath(*parts[:index]) in parallel_roots:
            inner = Path(*parts[index + 1 :])
            return (*parts[:index], *inner.with_suffix("").parts), role
    return None


def _name_pair_key(relative: Path) -> tuple[tuple[str, ...], str] | None:
    """``sub/X.en.txt`` -> ((``sub``, ``X``), source); ``None`` for a .txt that is no pair's half."""
    lower = relative.name.lower()
    for suffix, role in _PAIR_ROLES:
        if lower.endswith(suffix) and len(lower) > len(suffix):
            return (*relative.parent.parts, relative.name[: -len(suffix)]), role
    return None


# --- ids ---------------------------------------------------------------------------------------


def _unique_ids(groups: list[tuple[str, list[BatchItem]]]) -> list[BatchItem]:
    owners: dict[str, set[str]] = {}
    for shown, items in groups:
        for item in items:
            owners.setdefault(item.id, set()).add(shown)
    proposed = [
        (item, f"{_input_label(shown)}/{item.id}" if len(owners[item.id]) > 1 else item.id)
        for shown, items in groups
        for item in items
    ]
    taken = {new_id for _, new_id in proposed}
    seen: set[str] = set()
    unique = []
    for item, new_id in proposed:
        if new_id in seen:
            number = 2
            while f"{new_id}~{number}" in taken:
                number += 1
            new_id = f"{new_id}~{number}"
            taken.add(new_id)
        seen.add(new_id)
        unique.append(item if new_id == item.id else replace(item, id=new_id))
    return unique


def _input_label(shown: str) -> str:
    path = Path(shown)
    return path.name or path.resolve().name or shown

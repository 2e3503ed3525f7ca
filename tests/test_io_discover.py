"""Discovery of batch documents: directory pairs, parallel folders, segment files, manifests, ids."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tqcheck.io.discover import Discovery, discover, is_manifest
from tqcheck.io.segments import read_table, table_columns
from tqcheck.model import BatchItem

EN = "The committee approved the budget on Monday.\n"
KO = "위원회는 월요일에 예산을 승인했다.\n"


def put(root: Path, relative: str, text: str = EN) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def ids(discovery: Discovery) -> list[str]:
    return [item.id for item in discovery.items]


def by_id(discovery: Discovery) -> dict[str, BatchItem]:
    return {item.id: item for item in discovery.items}


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    root = tmp_path / "batch"
    put(root, "a.en.txt")
    put(root, "a.ko.txt", KO)
    put(root, "a.ref.ko.txt", KO)
    put(root, "sub/b.en.txt")
    put(root, "sub/b.ko.txt", KO)
    put(root, "lonely.en.txt")  # no partner
    put(root, "orphan.ref.ko.txt", KO)  # a reference alone
    put(root, "notes.txt", "not a document\n")  # no pair pattern: not a batch input
    put(root, ".git/x.en.txt")  # hidden folder
    put(root, ".draft.en.txt")  # hidden file
    put(root, "par/en/c.txt")
    put(root, "par/ko/c.txt", KO)
    put(root, "par/ref/c.txt", KO)
    put(root, "par/en/deep/d.txt")
    put(root, "par/ko/deep/d.txt", KO)
    put(root, "par/en/e.txt")  # no ko/e.txt
    put(root, "segs/units.xlf", "<xliff/>")
    put(root, "segs/rows.tsv", "source\ttarget\nHello\t안녕\n")
    put(root, "segs/scores.csv", "doc,score\na,0.9\n")  # no source/target columns: not ours
    return root


def test_directory_pairs_parallel_folders_and_segment_files(batch: Path) -> None:
    found = discover([batch])
    assert ids(found) == ["a", "par/c", "par/deep/d", "segs/rows.tsv", "segs/units.xlf", "sub/b"]
    items = by_id(found)
    assert items["a"] == BatchItem(
        id="a",
        input=str(batch),
        source_path=str(batch / "a.en.txt"),
        target_path=str(batch / "a.ko.txt"),
        reference_path=str(batch / "a.ref.ko.txt"),
    )
    assert items["sub/b"].reference_path is None
    assert items["par/c"].source_path == str(batch / "par/en/c.txt")
    assert items["par/c"].target_path == str(batch / "par/ko/c.txt")
    assert items["par/c"].reference_path == str(batch / "par/ref/c.txt")
    assert items["segs/units.xlf"].segment_file == str(batch / "segs/units.xlf")
    assert items["segs/rows.tsv"].segment_file == str(batch / "segs/rows.tsv")
    assert found.unmatched == sorted(
        [str(batch / "lonely.en.txt"), str(batch / "orphan.ref.ko.txt"), str(batch / "par/en/e.txt")]
    )
    assert found.errors == []


def test_order_is_stable_whatever_the_creation_order(tmp_path: Path) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    for name in ["zeta", "alpha", "mid"]:
        put(first, f"{name}.en.txt")
        put(first, f"{name}.ko.txt", KO)
    for name in ["mid", "zeta", "alpha"]:
        put(second, f"{name}.ko.txt", KO)
        put(second, f"{name}.en.txt")
    assert [item.id for item in discover([first]).items] == ["alpha", "mid", "zeta"]
    assert ids(discover([first])) == ids(discover([second]))
    assert discover([first]) == discover([first])


def test_parallel_folders_at_the_input_root(tmp_path: Path) -> None:
    put(tmp_path, "en/x.txt")
    put(tmp_path, "ko/x.txt", KO)
    put(tmp_path, "ko/only-ko.txt", KO)
    put(tmp_path, "only-ko.en.txt")  # a name-pair half: never paired with ko/only-ko.txt
    found = discover([tmp_path])
    assert ids(found) == ["x"]
    assert found.unmatched == [str(tmp_path / "ko/only-ko.txt"), str(tmp_path / "only-ko.en.txt")]


def test_a_segment_file_given_directly(tmp_path: Path) -> None:
    for name in ["a.po", "b.jsonl", "c.tmx", "d.xliff"]:
        put(tmp_path, name, "x")
    found = discover([tmp_path / "a.po", tmp_path / "b.jsonl", tmp_path / "c.tmx", tmp_path / "d.xliff"])
    assert ids(found) == ["a.po", "b.jsonl", "c.tmx", "d.xliff"]
    assert found.items[0] == BatchItem(
        id="a.po", input=str(tmp_path / "a.po"), segment_file=str(tmp_path / "a.po")
    )


def test_inputs_that_cannot_be_used_are_errors_and_the_rest_still_runs(tmp_path: Path) -> None:
    put(tmp_path, "good/a.en.txt")
    put(tmp_path, "good/a.ko.txt", KO)
    put(tmp_path, "single.en.txt")
    put(tmp_path, "report.docx", "x")
    (tmp_path / "empty").mkdir()
    put(tmp_path, "cols.csv", "english,korean\nHi,안녕\n")
    inputs = [
        tmp_path / "missing",
        tmp_path / "single.en.txt",
        tmp_path / "good",
        tmp_path / "report.docx",
        tmp_path / "empty",
        tmp_path / "cols.csv",
    ]
    found = discover(inputs)
    assert ids(found) == ["a"]
    errors = dict(found.errors)
    assert set(errors) == {str(path) for path in inputs if path.name != "good"}
    assert "does not exist" in errors[str(tmp_path / "missing")]
    assert "tqcheck check" in errors[str(tmp_path / "single.en.txt")]
    assert "not a batch input" in errors[str(tmp_path / "report.docx")]
    assert "holds no documents" in errors[str(tmp_path / "empty")]
    assert "found 'english', 'korean'" in errors[str(tmp_path / "cols.csv")]
    assert all("\n" not in message for message in errors.values())


# --- manifests ---------------------------------------------------------------------------------


def test_manifest_rows_with_a_missing_file_become_errors(tmp_path: Path) -> None:
    put(tmp_path, "docs/a.en.txt")
    put(tmp_path, "docs/a.ko.txt", KO)
    put(tmp_path, "docs/b.en.txt")
    put(tmp_path, "docs/b.ko.txt", KO)
    put(tmp_path, "docs/b.ref.txt", KO)
    put(tmp_path, "docs/c.en.txt")
    manifest = put(
        tmp_path,
        "manifest.csv",
        "id,source,target,reference\n"
        ",docs/a.en.txt,docs/a.ko.txt,\n"
        "second,docs/b.en.txt,docs/b.ko.txt,docs/b.ref.txt\n"
        "third,docs/c.en.txt,docs/c.ko.txt,\n",
    )
    found = discover([manifest])
    assert ids(found) == ["docs/a", "second"]  # the source path's stem when there is no id
    second = by_id(found)["second"]
    assert second.source_path == str(tmp_path / "docs/b.en.txt")
    assert second.reference_path == str(tmp_path / "docs/b.ref.txt")
    assert len(found.errors) == 1
    where, message = found.errors[0]
    assert where == str(manifest)
    assert "line 4" in message and "target file 'docs/c.ko.txt' not found" in message and "\n" not in message


def test_manifest_whose_files_are_all_missing_is_still_a_manifest(tmp_path: Path) -> None:
    manifest = put(tmp_path, "list.tsv", "source\ttarget\nx.en.txt\tx.ko.txt\ny.en.txt\ty.ko.txt\n")
    found = discover([manifest])
    assert found.items == []
    assert [message.split(": ", 1)[0] for _, message in found.errors] == [
        f"{manifest} line 2",
        f"{manifest} line 3",
    ]


def test_segment_table_is_not_mistaken_for_a_manifest(tmp_path: Path) -> None:
    put(tmp_path, "README")  # a cell that happens to name an existing file
    table = put(
        tmp_path,
        "segments.csv",
        "source,target\nREADME,읽어 보세요\nThe budget passed.,예산이 통과됐다.\n"
        "See notes.txt,notes.txt 참조\n",
    )
    found = discover([table])
    assert found.items == [BatchItem(id="segments.csv", input=str(table), segment_file=str(table))]
    parsed = read_table(table)
    assert not is_manifest(parsed, table_columns(parsed), tmp_path)


def test_manifest_inside_a_directory_claims_its_files(tmp_path: Path) -> None:
    root = tmp_path / "delivery"
    put(root, "src/one.txt")
    put(root, "mt/one.txt", KO)
    put(root, "x.en.txt")  # named by the manifest, so not reported as a half-pair
    put(root, "y.ko.txt", KO)
    put(root, "lists/m.csv", "source,target,id\n../src/one.txt,../mt/one.txt,one\n../x.en.txt,../y.ko.txt,\n")
    found = discover([root])
    assert ids(found) == ["lists/one", "x"]  # explicit ids under the manifest's folder; paths as seen
    assert found.unmatched == [] and found.errors == []


# --- ids ---------------------------------------------------------------------------------------


def test_ids_are_unique_across_inputs(tmp_path: Path) -> None:
    for batch in ("north", "south"):
        put(tmp_path, f"{batch}/report.en.txt")
        put(tmp_path, f"{batch}/report.ko.txt", KO)
        put(tmp_path, f"{batch}/{batch}-only.en.txt")
        put(tmp_path, f"{batch}/{batch}-only.ko.txt", KO)
    found = discover([tmp_path / "north", tmp_path / "south"])
    assert ids(found) == ["north-only", "north/report", "south/report", "south-only"]  # per input, by id
    assert [item.input for item in found.items] == [str(tmp_path / "north")] * 2 + [
        str(tmp_path / "south")
    ] * 2


def test_same_named_inputs_still_get_unique_ids(tmp_path: Path) -> None:
    for parent in ("a", "b"):
        put(tmp_path, f"{parent}/batch/doc.en.txt")
        put(tmp_path, f"{parent}/batch/doc.ko.txt", KO)
    put(tmp_path, "a/batch/doc.tsv", "source\ttarget\nHi\t안녕\n")
    put(tmp_path, "b/batch/doc.tsv", "source\ttarget\nHi\t안녕\n")
    found = discover([tmp_path / "a/batch", tmp_path / "b/batch"])
    assert ids(found) == ["batch/doc", "batch/doc.tsv", "batch/doc~2", "batch/doc.tsv~2"]
    assert len(set(ids(found))) == len(found.items)


def test_an_input_given_twice_is_read_once(tmp_path: Path) -> None:
    put(tmp_path, "d/a.en.txt")
    put(tmp_path, "d/a.ko.txt", KO)
    found = discover([tmp_path / "d", tmp_path / "d" / ".." / "d"])
    assert ids(found) == ["a"]


def test_relative_inputs_keep_relative_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    put(tmp_path, "rel/a.en.txt")
    put(tmp_path, "rel/a.ko.txt", KO)
    monkeypatch.chdir(tmp_path)
    found = discover([Path("rel")])
    assert found.items[0].source_path == os.path.join("rel", "a.en.txt")
    assert found.items[0].input == "rel"

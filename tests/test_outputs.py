"""civarchive's own outputs in an archive: recorded by path, never evidence, never over evidence."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from factories import make_docx, make_xlsx

from civarchive.errors import UsageError
from civarchive.outputs import (
    RECORD_NAME,
    check_output_target,
    generated_note,
    record_output,
    recorded_outputs,
)


def _write(path: Path, data: bytes = b"report") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_an_output_inside_the_archive_is_recorded_by_its_relative_path(tmp_path: Path) -> None:
    root = tmp_path / "档案"
    root.mkdir()
    assert recorded_outputs(root) == frozenset()
    assert not (root / ".civarchive").exists()  # reading makes nothing
    make_xlsx(root / "台账.xlsx", [["指标"]])
    assert record_output(root, root / "台账.xlsx") == "台账.xlsx"
    _write(root / "一、组织领导" / "缺什么.md")
    assert record_output(root, root / "一、组织领导" / "缺什么.md") == "一、组织领导/缺什么.md"
    assert recorded_outputs(root) == {"台账.xlsx", "一、组织领导/缺什么.md"}
    record = json.loads((root / ".civarchive" / RECORD_NAME).read_text(encoding="utf-8"))
    assert record == {"civarchive-outputs": 1, "files": ["一、组织领导/缺什么.md", "台账.xlsx"]}
    assert (root / ".civarchive" / ".gitignore").is_file()


def test_a_relative_output_and_a_dotted_path_are_the_same_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "档案"
    _write(root / "sub" / "r.json")
    monkeypatch.chdir(root / "sub")
    assert record_output(Path(".."), Path("../sub/./r.json")) == "sub/r.json"


def test_outputs_outside_the_archive_or_on_stdout_are_not_recorded(tmp_path: Path) -> None:
    root = tmp_path / "档案"
    root.mkdir()
    outside = _write(tmp_path / "台账.xlsx")
    assert record_output(root, outside) is None
    assert record_output(root, None) is None
    assert record_output(root, Path("-")) is None
    assert record_output(root, Path(os.devnull)) is None
    assert record_output(root, root / "never-written.xlsx") is None
    assert recorded_outputs(root) == frozenset()


def test_entries_whose_file_is_gone_are_dropped_on_the_next_record(tmp_path: Path) -> None:
    root = tmp_path
    record_output(root, _write(root / "a.md"))
    record_output(root, _write(root / "b.md"))
    (root / "a.md").unlink()
    record_output(root, _write(root / "c.md"))
    assert recorded_outputs(root) == {"b.md", "c.md"}


@pytest.mark.parametrize(
    "content",
    [b"", b"{not json", b'{"civarchive-outputs": 99, "files": ["a.md"]}', b'["a.md"]', b"\xff"],
)
def test_a_torn_or_foreign_record_reads_as_none(tmp_path: Path, content: bytes) -> None:
    _write(tmp_path / "a.md")
    _write(tmp_path / ".civarchive" / RECORD_NAME, content)
    assert recorded_outputs(tmp_path) == frozenset()
    record_output(tmp_path, tmp_path / "a.md")  # and is written anew
    assert recorded_outputs(tmp_path) == {"a.md"}


def test_a_record_planted_as_a_link_is_not_followed(tmp_path: Path) -> None:
    root = tmp_path / "档案"
    elsewhere = _write(tmp_path / "elsewhere.json", b'{"civarchive-outputs": 1, "files": ["a"]}')
    (root / ".civarchive").mkdir(parents=True)
    (root / ".civarchive" / RECORD_NAME).symlink_to(elsewhere)
    assert recorded_outputs(root) == frozenset()
    record_output(root, _write(root / "b.md"))
    assert recorded_outputs(root) == {"b.md"}
    assert elsewhere.read_bytes() == b'{"civarchive-outputs": 1, "files": ["a"]}'


def test_evidence_is_never_replaced_by_an_output(tmp_path: Path) -> None:
    root = tmp_path
    plan = make_docx(root / "1.1 理想信念教育" / "学习计划.docx")
    with pytest.raises(UsageError) as raised:
        check_output_target(root, plan)
    assert raised.value.exit_code == 2
    assert "did not write" in raised.value.message
    assert "delete it first" in (raised.value.hint or "")
    # A new file, one civarchive wrote before, or a file outside the archive: all fine.
    check_output_target(root, root / "台账.xlsx")
    record_output(root, _write(root / "台账.xlsx"))
    check_output_target(root, root / "台账.xlsx")
    check_output_target(root / "1.1 理想信念教育", _write(tmp_path / "elsewhere" / "x.md"))
    check_output_target(root, None)


def test_the_note_names_the_first_few_and_counts_the_rest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert generated_note(["台账.xlsx"]) == "written by civarchive (not evidence): 台账.xlsx"
    monkeypatch.setenv("CIVARCHIVE_LANG", "zh")
    assert generated_note(["催办单.docx", "台账.xlsx"]) == (
        "civarchive 生成（不计入证据）：催办单.docx、台账.xlsx"
    )
    many = [f"{n}.md" for n in range(8)]
    assert (
        generated_note(many)
        == "civarchive 生成（不计入证据）：0.md、1.md、2.md、3.md、4.md 等 3 个"
    )


def test_a_folder_is_left_to_the_writer_to_refuse(tmp_path: Path) -> None:
    (tmp_path / "一、组织领导").mkdir()
    check_output_target(tmp_path, tmp_path / "一、组织领导")  # output_stream says "a folder"


def test_a_record_that_cannot_be_written_is_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / ".civarchive" / RECORD_NAME / "in-the-way").mkdir(parents=True)
    assert record_output(tmp_path, _write(tmp_path / "无法记录.md")) == "无法记录.md"
    assert "note: 无法记录.md cannot be recorded as civarchive's output" in capsys.readouterr().err
    assert recorded_outputs(tmp_path) == frozenset()

"""The inventory snapshot: an unchanged archive is reused whole, any change falls back to the cache."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

import pytest

from civarchive.formats import ScanFormat
from civarchive.outputs import RECORD_NAME, record_output
from civarchive.scan import scan
from civarchive.scan.cache import CACHE_NAME
from civarchive.scan.models import Inventory
from civarchive.scan.render import json_bytes, render_json
from civarchive.scan.snapshot import SNAPSHOT_NAME, SnapshotStore
from tests.factories import make_caption_csv, make_docx, make_jpeg, make_tree, write_spec
from tests.scan.conftest import cached_rows, scan_nocache, scan_output


def _scan(root: Path) -> Inventory:
    return scan(root, jobs=1, progress=False)


def _forget_rows(root: Path) -> None:
    """Empty the per-file cache: only the snapshot can then spare the extraction."""
    with sqlite3.connect(root / ".civarchive" / CACHE_NAME) as db:
        db.execute("DELETE FROM files")


@pytest.fixture
def mixed(archive: Path) -> Path:
    make_jpeg(archive / "活动/IMG_0001.jpg", taken=dt.datetime(2023, 5, 4, 10, 0), title="植树")
    make_jpeg(archive / "活动/IMG_0002.jpg")
    make_caption_csv(
        archive / "活动/captions.csv", [["IMG_0001.jpg", "植树节", "", "", "", "", ""]]
    )
    make_caption_csv(archive / "活动/说明.csv", [["nobody.jpg", "无此文件", "", "", "", "", ""]])
    make_docx(archive / "制度/规定.docx", text="规定", title="管理规定")
    make_tree(archive, {"empty.pdf": b"", "notes.jpg": "not a photo"})
    os.symlink(archive / "制度", archive / "link")
    return archive


def test_unchanged_archive_is_taken_from_the_snapshot(mixed: Path) -> None:
    cold = _scan(mixed)
    assert (mixed / ".civarchive" / SNAPSHOT_NAME).is_file()
    _forget_rows(mixed)
    warm = _scan(mixed)
    assert cached_rows(mixed) == 0  # nothing was read again
    fresh = scan_nocache(mixed)
    assert warm == cold == fresh
    assert warm.findings
    assert any(e.findings for e in warm.files)
    captions = {e.path: e.caption.title if e.caption else None for e in warm.files}
    assert captions["活动/IMG_0001.jpg"] == "植树节"
    assert render_json(warm) == json_bytes(fresh) == render_json(cold)


def test_any_change_to_the_listing_misses_the_snapshot(mixed: Path) -> None:
    _scan(mixed)
    photo = mixed / "活动/IMG_0002.jpg"
    stat = photo.stat()
    make_jpeg(photo, title="新标题")  # a new title, the mtime put back one nanosecond later
    os.utime(photo, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    warm = _scan(mixed)
    assert {e.path: e.title for e in warm.files}["活动/IMG_0002.jpg"] == "新标题"
    assert warm == scan_nocache(mixed)


def test_edited_caption_sheet_misses_the_snapshot(mixed: Path) -> None:
    _scan(mixed)
    sheet = mixed / "活动/captions.csv"
    make_caption_csv(sheet, [["IMG_0002.jpg", "第二张", "", "", "", "", ""]])
    os.utime(sheet, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    warm = _scan(mixed)
    captions = {e.path: e.caption.title if e.caption else None for e in warm.files}
    assert captions["活动/IMG_0002.jpg"] == "第二张"
    assert captions["活动/IMG_0001.jpg"] == "植树"  # back to the EXIF title
    assert warm == scan_nocache(mixed)


def test_removed_symlink_and_new_file_miss_the_snapshot(mixed: Path) -> None:
    assert [f.code.value for f in _scan(mixed).findings].count("symlink") == 1
    (mixed / "link").unlink()
    make_jpeg(mixed / "新/a.jpg")
    warm = _scan(mixed)
    assert "symlink" not in [f.code.value for f in warm.findings]
    assert "新/a.jpg" in [e.path for e in warm.files]
    assert warm == scan_nocache(mixed)


def test_other_language_misses_the_snapshot(mixed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    english = _scan(mixed)
    monkeypatch.setenv("CIVARCHIVE_LANG", "zh")
    chinese = _scan(mixed)
    assert chinese == scan_nocache(mixed)
    assert [f.message for f in chinese.findings] != [f.message for f in english.findings]


def test_other_ignore_globs_miss_the_snapshot(mixed: Path) -> None:
    from civarchive.spec.models import Spec

    _scan(mixed)
    spec = Spec.model_validate(
        {
            "civarchive": 1,
            "title": "t",
            "unit": "u",
            "period": {"start": "2023-01-01", "end": "2023-12-31"},
            "ignore": ["*.pdf"],
        }
    )
    warm = scan(mixed, spec=spec, jobs=1, progress=False)
    assert "empty.pdf" not in [e.path for e in warm.files]
    assert warm == scan_nocache(mixed, spec=spec)


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"civarchive-inventory-snapshot 0 1 00000000000000000099 00000000000000000102\n{}\n",
        None,  # the real snapshot cut in half
    ],
)
def test_damaged_snapshot_is_a_miss(mixed: Path, damage: bytes | None) -> None:
    cold = _scan(mixed)
    snapshot = mixed / ".civarchive" / SNAPSHOT_NAME
    data = snapshot.read_bytes()
    snapshot.write_bytes(data[: len(data) // 2] if damage is None else damage)
    assert _scan(mixed) == cold
    assert snapshot.read_bytes() == data  # written again by the ordinary path


def test_torn_file_lines_are_a_miss(mixed: Path) -> None:
    cold = _scan(mixed)
    snapshot = mixed / ".civarchive" / SNAPSHOT_NAME
    lines = snapshot.read_bytes().split(b"\n")
    lines[2] = b'{"path": "x", "kind": "nonsense"}'
    snapshot.write_bytes(b"\n".join(lines))
    assert _scan(mixed) == cold


def test_render_falls_back_when_another_scan_replaced_the_snapshot(mixed: Path) -> None:
    first = _scan(mixed)
    expected = json_bytes(first)
    (mixed / ".civarchive" / SNAPSHOT_NAME).write_bytes(
        b"civarchive-inventory-snapshot other 0 41 41\n"
    )
    assert render_json(first) == expected


def test_no_cache_neither_reads_nor_writes_the_snapshot(mixed: Path) -> None:
    scan_nocache(mixed)
    assert not (mixed / ".civarchive").exists()


def test_json_output_is_the_rendered_inventory_hit_or_miss(mixed: Path) -> None:
    expected = json_bytes(scan_nocache(mixed))
    assert scan_output(mixed) == expected  # cold: nothing saved yet
    _forget_rows(mixed)
    assert scan_output(mixed) == expected  # the saved bytes
    assert cached_rows(mixed) == 0  # nothing was read again
    (mixed / "empty.pdf").unlink()
    assert scan_output(mixed) == json_bytes(scan_nocache(mixed))
    assert scan_output(mixed, use_cache=False) == json_bytes(scan_nocache(mixed))


def test_another_civarchive_build_misses_the_snapshot(
    mixed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from civarchive.scan import engine

    cold = _scan(mixed)
    _forget_rows(mixed)
    # As after editing or upgrading any module of civarchive (new sizes and mtimes).
    monkeypatch.setattr(engine, "code_fingerprint", lambda: "another build")
    assert _scan(mixed) == cold
    assert cached_rows(mixed) == len(cold.files)  # every file was read again


def testcode_fingerprint_is_stable_within_a_build() -> None:
    from civarchive.scan import engine

    first = engine.code_fingerprint()
    engine.code_fingerprint.cache_clear()
    assert engine.code_fingerprint() == first
    assert len(first) == 128


# ---------------------------------------------------------------- the spec, given as a path


def _refuse_to_load(monkeypatch: pytest.MonkeyPatch) -> None:
    from civarchive.spec import loader

    def refuse(path: object) -> None:
        raise AssertionError(f"the spec was loaded again: {path}")

    monkeypatch.setattr(loader, "load_spec", refuse)


def test_a_spec_path_is_loaded_only_when_it_changed(
    mixed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from civarchive.spec.loader import load_spec

    spec_file = write_spec(mixed, ignore=["*.pdf"])
    cold = scan(mixed, spec=spec_file, jobs=1, progress=False)
    assert "empty.pdf" not in [e.path for e in cold.files]
    assert cold == scan_nocache(mixed, spec=load_spec(spec_file))
    with monkeypatch.context() as patched:
        _refuse_to_load(patched)
        assert scan(mixed, spec=spec_file, jobs=1, progress=False) == cold
        # A new file misses the snapshot, yet the spec's settings still come from it.
        make_jpeg(mixed / "活动/IMG_0003.jpg")
        assert len(scan(mixed, spec=spec_file, jobs=1, progress=False).files) == len(cold.files) + 1


def test_a_touched_spec_is_loaded_once_then_not_again(
    mixed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Saved by an editor without a change (or a change the walk does not use): the snapshot
    # stays valid, and its settings, kept with the new stamp, spare the next scans the YAML.
    spec_file = write_spec(mixed, ignore=["*.pdf"])
    cold = scan(mixed, spec=spec_file, jobs=1, progress=False)
    os.utime(spec_file, ns=(1, 1))
    assert scan(mixed, spec=spec_file, jobs=1, progress=False) == cold
    with monkeypatch.context() as patched:
        _refuse_to_load(patched)
        assert scan(mixed, spec=spec_file, jobs=1, progress=False) == cold
    # Edited again: loaded again (the kept settings are stale now).
    write_spec(mixed, ignore=["*.jpg"])
    os.utime(spec_file, ns=(2, 2))
    paths = [e.path for e in scan(mixed, spec=spec_file, jobs=1, progress=False).files]
    assert "empty.pdf" in paths


def test_an_edited_spec_is_loaded_again(mixed: Path) -> None:
    spec_file = write_spec(mixed, ignore=["*.pdf"])
    scan(mixed, spec=spec_file, jobs=1, progress=False)
    write_spec(mixed, ignore=["*.jpg"])
    os.utime(spec_file, ns=(1, 1))  # a different mtime even on a coarse clock
    warm = scan(mixed, spec=spec_file, jobs=1, progress=False)
    paths = [e.path for e in warm.files]
    assert "empty.pdf" in paths
    assert not any(p.endswith(".jpg") for p in paths)


def test_an_edited_spec_that_is_now_invalid_is_an_error(mixed: Path) -> None:
    from civarchive.errors import SpecError

    spec_file = write_spec(mixed)
    scan(mixed, spec=spec_file, jobs=1, progress=False)
    spec_file.write_text("civarchive: 1\ntilte: typo\n", encoding="utf-8")
    with pytest.raises(SpecError):
        scan(mixed, spec=spec_file, jobs=1, progress=False)


def test_an_edited_include_is_seen(mixed: Path) -> None:
    spec_file = write_spec(mixed, include=["more.yaml"])
    include = mixed / "more.yaml"
    include.write_text("categories: []\n", encoding="utf-8")
    first = scan(mixed, spec=spec_file, jobs=1, progress=False)
    assert "more.yaml" not in [e.path for e in first.files]  # a spec file, not evidence
    include.write_text("categories: []\nowners: []\n", encoding="utf-8")
    os.utime(include, ns=(1, 1))
    settings = SnapshotStore(mixed / ".civarchive").settings()
    assert settings is not None
    assert not settings.still_valid()
    assert scan(mixed, spec=spec_file, jobs=1, progress=False) == first


def test_json_of_an_unchanged_archive_loads_no_model(mixed: Path) -> None:
    import subprocess
    import sys

    spec_file = write_spec(mixed, ignore=["*.pdf"])
    expected = scan_output(mixed, spec=spec_file)
    probe = (
        "import sys; from pathlib import Path; from civarchive.scan import write_scan;"
        f"write_scan(Path({str(mixed)!r}), sys.stdout.buffer, spec={str(spec_file)!r},"
        " progress=False); sys.stdout.flush();"
        "heavy = [m for m in ('pydantic', 'yaml', 'sqlite3', 'civarchive.scan.models',"
        " 'civarchive.spec.models') if m in sys.modules];"
        "sys.stderr.write(repr(heavy))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, check=True)
    assert done.stdout == expected
    assert done.stderr == b"[]"


def test_json_chunks_join_to_the_rendered_inventory(
    mixed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from civarchive.scan import render
    from civarchive.scan.render import json_chunks

    inventory = scan_nocache(mixed)
    assert b"".join(json_chunks(inventory)) == json_bytes(inventory)
    monkeypatch.setattr(render, "_CHUNK_FILES", 2)  # several chunks, the last one short
    assert len(inventory.files) % 2 == 1
    assert len(list(json_chunks(inventory))) > 3
    assert b"".join(json_chunks(inventory)) == json_bytes(inventory)
    empty = inventory.model_copy(update={"files": []})
    assert b"".join(json_chunks(empty)) == json_bytes(empty)
    one = inventory.model_copy(update={"files": inventory.files[:1]})
    assert b"".join(json_chunks(one)) == json_bytes(one)


def test_write_scan_copies_the_saved_json_to_files_and_streams(mixed: Path, tmp_path: Path) -> None:
    from civarchive.scan import write_scan

    expected = json_bytes(scan_nocache(mixed))
    for _ in range(2):  # cold (built into the snapshot), then warm (copied from it)
        assert scan_output(mixed) == expected
        with open(tmp_path / "out.json", "wb") as fh:  # a real file: copied by the kernel
            fh.write(b"head:")
            write_scan(mixed, fh, jobs=1, progress=False)
        assert (tmp_path / "out.json").read_bytes() == b"head:" + expected
    assert scan_output(mixed, use_cache=False) == expected


def test_rendered_outputs_are_kept_until_the_archive_changes(
    mixed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from civarchive.scan import render
    from civarchive.scan.render import CsvRendering, render_csv

    made: list[int] = []  # one entry per rendering finished

    class Counted(CsvRendering):
        def finish(self, head: Inventory) -> bytes:
            made.append(1)
            return super().finish(head)

    def csv(**options: object) -> tuple[bytes, int]:
        """The CSV scan writes, and how many renderings it finished to write it."""
        before = len(made)
        with monkeypatch.context() as patched:
            patched.setattr(render, "CsvRendering", Counted)
            data = scan_output(mixed, ScanFormat.CSV, **options)
        return data, len(made) - before

    first = render_csv(scan_nocache(mixed))
    assert csv() == (first, 1)  # cold: fed as the snapshot is built
    assert csv() == (first, 0)  # from the cache
    kept = mixed / ".civarchive" / "inventory.csv"
    kept.write_bytes(kept.read_bytes()[:-5])  # torn: made again, from the snapshot
    assert csv() == (first, 1)
    (mixed / "empty.pdf").unlink()
    changed = render_csv(scan_nocache(mixed))
    assert changed != first
    assert csv() == (changed, 1)
    assert csv(use_cache=False) == (changed, 1)  # streamed without any cache
    # A torn snapshot may have fed the rendering some files: a fresh one is made.
    kept.unlink()
    snapshot = mixed / ".civarchive" / SNAPSHOT_NAME
    lines = snapshot.read_bytes().split(b"\n")
    lines[5] = b'{"path": "x", "kind": "nonsense"}'
    snapshot.write_bytes(b"\n".join(lines))
    assert csv()[0] == changed


def test_tables_for_each_width_and_colour_are_kept_apart(mixed: Path) -> None:
    narrow = scan_output(mixed, ScanFormat.TABLE, width=60)
    wide = scan_output(mixed, ScanFormat.TABLE, width=140)
    assert narrow != wide
    assert scan_output(mixed, ScanFormat.TABLE, width=60) == narrow
    kept = sorted(p.name for p in (mixed / ".civarchive").glob("inventory.table-*"))
    assert kept == ["inventory.table-60-plain-first"]  # one kept table: the last one made


def test_a_recorded_output_leaves_the_inventory_and_misses_the_snapshot(mixed: Path) -> None:
    before = _scan(mixed)
    make_tree(mixed, {"台账.md": "# 台账", "活动/缺什么.md": "# 缺"})
    record_output(mixed, mixed / "台账.md")
    record_output(mixed, mixed / "活动/缺什么.md")
    warm = _scan(mixed)
    assert warm.generated == ["台账.md", "活动/缺什么.md"]
    assert [e.path for e in warm.files] == [e.path for e in before.files]
    assert warm == scan_nocache(mixed)
    # An output the record forgets (its record gone) is a file of the archive again.
    (mixed / ".civarchive" / RECORD_NAME).unlink()
    again = _scan(mixed)
    assert again.generated == []
    assert {"台账.md", "活动/缺什么.md"} <= {e.path for e in again.files}


def test_an_output_written_again_keeps_the_snapshot(mixed: Path) -> None:
    make_tree(mixed, {"台账.md": "# 台账"})
    record_output(mixed, mixed / "台账.md")
    cold = _scan(mixed)
    (mixed / "台账.md").write_text("# 台账，又写了一次", encoding="utf-8")
    os.utime(mixed / "台账.md", ns=(1_800_000_000_000_000_000, 1_800_000_000_000_000_000))
    record_output(mixed, mixed / "台账.md")
    _forget_rows(mixed)
    warm = _scan(mixed)
    assert cached_rows(mixed) == 0  # taken whole from the snapshot
    assert warm == cold
    assert warm.generated == ["台账.md"]

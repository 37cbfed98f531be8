"""Clean shutdown: SIGTERM (CI's `timeout`) ends the pool workers and LibreOffice with the
parent, and the temporary files a killed run leaves are removed by the next run, and only those."""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from civarchive.atomic import new_part, remove_stale_parts
from tests.factories import make_docx, write_spec
from tests.hostile.conftest import assert_clean_exit, cli_env, needs_linux, run_cli


def _children(pid: int) -> set[int]:
    """Live (not zombie) processes whose parent is ``pid``, from /proc."""
    found = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.add(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _slow_archive(root: Path, count: int) -> None:
    from PIL import Image

    gradient = Image.linear_gradient("L").resize((1600, 1200)).convert("RGB")
    buffer = io.BytesIO()
    gradient.save(buffer, "JPEG", quality=90)
    data = buffer.getvalue()
    root.mkdir()
    for n in range(count):  # a comment segment makes each copy a file of its own
        comment = b"\xff\xfe" + (len(str(n)) + 2).to_bytes(2, "big") + str(n).encode()
        (root / f"照片{n:04d}.jpg").write_bytes(data[:2] + comment + data[2:])


@needs_linux
@pytest.mark.slow
def test_sigterm_ends_the_scan_workers_with_the_parent(tmp_path: Path) -> None:
    root = tmp_path / "archive"
    _slow_archive(root, 400)
    process = subprocess.Popen(
        [sys.executable, "-m", "civarchive", "scan", str(root), "--no-cache", "-q", "-j", "2"],
        env=cli_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    workers: set[int] = set()
    deadline = time.monotonic() + 60
    while len(workers) < 2 and time.monotonic() < deadline and process.poll() is None:
        workers |= _children(process.pid)
        time.sleep(0.05)
    assert workers, "the scan never started its workers"
    time.sleep(0.3)  # busy with files now
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)
    deadline = time.monotonic() + 3
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [pid for pid in workers if _alive(pid)], "workers outlived their parent"


def test_leftovers_of_killed_runs_are_removed_and_nothing_else(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    stale = folder / ".卷宗一.docx.ab12cd_3.part"
    stale.write_bytes(b"half a volume")
    unrelated = [folder / "notes.part", folder / ".notes.part", folder / "a.docx.abcdefgh.part"]
    for path in unrelated:
        path.write_bytes(b"not ours")
    (folder / ".link.docx.abcdefgh.part").symlink_to(tmp_path / "target")
    (tmp_path / "target").write_bytes(b"keep")
    fd, live = new_part(folder, "正在写.docx")  # held by this live process
    try:
        removed = remove_stale_parts(folder)
        assert removed == [stale.name]
        assert Path(live).exists()
        assert all(path.exists() for path in unrelated)
        assert (folder / ".link.docx.abcdefgh.part").is_symlink()
        assert (tmp_path / "target").read_bytes() == b"keep"
    finally:
        os.close(fd)
    assert remove_stale_parts(folder) == [Path(live).name]  # its writer let go


@needs_linux
def test_part_locked_by_another_live_process_is_kept(tmp_path: Path) -> None:
    part = tmp_path / ".report.json.zz99zz99.part"
    part.write_bytes(b"being written")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, os, sys, time; fd = os.open(sys.argv[1], os.O_RDWR); "
            "fcntl.flock(fd, fcntl.LOCK_EX); print('locked', flush=True); time.sleep(60)",
            str(part),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        assert remove_stale_parts(tmp_path) == []
        assert part.exists()
    finally:
        holder.kill()
        holder.wait()
    assert remove_stale_parts(tmp_path) == [part.name]


@pytest.mark.slow
def test_next_run_removes_what_a_killed_run_left(archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "卷宗"
    out.mkdir()
    cache = archive / ".civarchive"
    cache.mkdir()
    (cache / "thumbs").mkdir()
    left = [
        out / ".1 思想道德建设.docx.k9x2m1qa.part",
        out / ".归档文件目录.xlsx.0a1b2c3d.part",
        cache / ".inventory.snapshot.json.qwerty12.part",
        cache / "thumbs" / ".abc-1200-v1.jpg.12345678.part",
    ]
    for path in left:
        path.write_bytes(b"killed mid-write")
    kept = out / "我的笔记.part"
    kept.write_bytes(b"the clerk's own file")
    result = run_cli("bind", str(archive), "-o", str(out), "-q", "-j", "1")
    assert_clean_exit(result, 0)
    assert [path for path in left if path.exists()] == []
    assert kept.exists()
    report = tmp_path / "report.json"
    stale_report = tmp_path / ".report.json.aaaabbbb.part"
    stale_report.write_bytes(b"{")
    other = tmp_path / ".other.json.aaaabbbb.part"
    other.write_bytes(b"{")
    result = run_cli("check", str(archive), "-f", "json", "-o", str(report), "-q")
    assert result.returncode in (0, 1)
    assert not stale_report.exists()
    assert other.exists()  # another output's: left to the run that writes it


def _processes_marked(marker: str) -> list[int]:
    """Live processes whose environment carries ``marker`` (those one test started)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            environ = Path(f"/proc/{entry}/environ").read_bytes()
        except OSError:
            continue
        if marker.encode() in environ.split(b"\0") and _alive(int(entry)):
            found.append(int(entry))
    return found


@needs_linux
@pytest.mark.slow
@pytest.mark.soffice
def test_sigterm_during_a_conversion_ends_libreoffice_too(tmp_path: Path) -> None:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed; apt-get install libreoffice-nogui")
    root = tmp_path / "archive"
    requires = [{"kind": "document", "what": "学习计划", "min": 24, "match": ["计划"]}]
    indicator = {"id": "1.1", "title": "理想信念教育", "requires": requires}
    write_spec(root, categories=[{"id": "1", "title": "思想", "indicators": [indicator]}])
    for n in range(24):  # enough pages that LibreOffice is still at work when the signal comes
        make_docx(root / "1.1 理想信念教育" / f"2022年学习计划{n:02d}.docx", text=f"计划 {n}")
    marker = f"CIVARCHIVE_TEST_MARK={uuid.uuid4().hex}"
    process = subprocess.Popen(
        [sys.executable, "-m", "civarchive", "bind", str(root), "-o", str(tmp_path / "卷宗"), "-q"],
        env=cli_env(dict([marker.split("=", 1)])),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    office: list[int] = []
    deadline = time.monotonic() + 120
    while not office and time.monotonic() < deadline and process.poll() is None:
        office = [pid for pid in _processes_marked(marker) if pid != process.pid]
        time.sleep(0.05)
    assert office, "bind finished or failed before LibreOffice started"
    time.sleep(0.5)  # LibreOffice is converting now
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 143, stderr
    assert b"Traceback" not in stderr
    deadline = time.monotonic() + 5
    while _processes_marked(marker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _processes_marked(marker) == [], "LibreOffice outlived the run it belonged to"
    assert not list((tmp_path / "卷宗").glob("*.docx")), "a volume was finished under its name"

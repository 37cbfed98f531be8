"""A saved report is read back only while everything it was made from is unchanged."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from civarchive.check import saved
from civarchive.check.saved import RENDERED_NAME, REPORT_NAME
from civarchive.formats import ReportFormat
from civarchive.pipeline import Reported, check_archive, report_archive
from civarchive.report import json_format, render
from tests.factories import make_docx, make_jpeg, write_spec

DAY = dt.date(2023, 7, 1)


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    root = tmp_path / "archive"
    write_spec(root)
    folder = root / "1 思想道德建设" / "1.1 理想信念教育"
    make_docx(folder / "2022年度学习计划.docx", created=dt.datetime(2022, 1, 5))
    make_jpeg(folder / "学习活动1.jpg", taken=dt.datetime(2022, 5, 1), title="学习活动")
    return root


def _report(root: Path, **options: object) -> Reported:
    settings: dict[str, object] = {"as_of": DAY, "jobs": 1, "progress": False, **options}
    return report_archive(root, **settings)  # type: ignore[arg-type]


def test_an_unchanged_archive_reads_its_report_back(archive: Path) -> None:
    first = _report(archive)
    again = _report(archive)
    assert (first.fresh, again.fresh) == (True, False)
    assert again.json == first.json
    assert again.summary == first.summary
    assert again.files == first.files == 2  # the spec is no evidence
    made = check_archive(archive, as_of=DAY, jobs=1, progress=False).report
    assert first.json == json_format.render(made)
    assert again.report() == made


def test_the_table_is_kept_for_its_settings(archive: Path) -> None:
    first = _report(archive)
    table = first.render(ReportFormat.TABLE)
    assert table == render(first.report(), ReportFormat.TABLE)
    assert (archive / ".civarchive" / RENDERED_NAME).is_file()
    again = _report(archive)
    # Read back, not laid out again: the kept bytes are served as they are.
    kept = archive / ".civarchive" / RENDERED_NAME
    head, _, body = kept.read_bytes().partition(b"\n")
    kept.write_bytes(head + b"\n" + body.replace(b"1.1", b"9.9"))
    assert again.render(ReportFormat.TABLE) == table.replace(b"1.1", b"9.9")
    # Another width, verbose, colour or format is rendered anew.
    assert again.render(ReportFormat.TABLE, width=80) == render(
        again.report(), ReportFormat.TABLE, width=80
    )
    assert again.render(ReportFormat.TABLE, verbose=True) == render(
        again.report(), ReportFormat.TABLE, verbose=True
    )
    assert again.render(ReportFormat.MARKDOWN) == render(again.report(), ReportFormat.MARKDOWN)
    assert again.render(ReportFormat.JSON) == first.json
    # A torn file is a miss.
    kept.write_bytes(kept.read_bytes()[:-5])
    assert again.render(ReportFormat.TABLE, verbose=True) == render(
        again.report(), ReportFormat.TABLE, verbose=True
    )
    assert not _report(archive, use_cache=False).render(ReportFormat.TABLE).startswith(b"civ")


@pytest.mark.parametrize(
    "options",
    [{"as_of": dt.date(2023, 7, 2)}, {"strict": True}, {"owner": "xcb"}, {"git": False}],
    ids=["as-of", "strict", "owner", "no-git"],
)
def test_other_options_make_another_report(archive: Path, options: dict[str, object]) -> None:
    _report(archive)
    other = _report(archive, **options)
    assert other.fresh
    assert _report(archive, **options).fresh is False  # and that one is kept in turn


def test_a_changed_file_or_spec_makes_a_new_report(archive: Path) -> None:
    _report(archive)
    make_jpeg(archive / "1 思想道德建设" / "1.1 理想信念教育" / "学习活动2.jpg")
    changed = _report(archive)
    assert changed.fresh
    assert changed.files == 3
    spec = archive / "civarchive.yaml"
    write_spec(archive, title="改过的标题")
    os.utime(spec, ns=(1, 1))
    retitled = _report(archive)
    assert retitled.fresh
    assert retitled.report().spec.title == "改过的标题"


def test_another_language_or_build_makes_a_new_report(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    english = _report(archive)
    monkeypatch.setenv("CIVARCHIVE_LANG", "zh")
    chinese = _report(archive)
    assert chinese.fresh
    assert chinese.json != english.json
    monkeypatch.setattr(saved, "civarchive_fingerprint", lambda: "another build")
    assert _report(archive).fresh


def test_a_torn_or_foreign_file_is_a_miss(archive: Path) -> None:
    first = _report(archive)
    kept = archive / ".civarchive" / REPORT_NAME
    kept.write_bytes(kept.read_bytes()[:-10])
    torn = _report(archive)
    assert torn.fresh
    assert torn.json == first.json
    kept.write_bytes(b"civarchive-report other 3\n{}\nabc")
    assert _report(archive).fresh


def test_without_the_cache_nothing_is_read_or_kept(archive: Path) -> None:
    assert _report(archive, use_cache=False).fresh
    assert _report(archive, use_cache=False).fresh
    assert not (archive / ".civarchive").exists()


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_what_git_tracks_is_part_of_it(archive: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(archive), *args], check=True, capture_output=True)

    write_spec(archive, lfs_threshold=100)  # the test's photo is far smaller than 1MB
    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "0")
    _report(archive)
    assert _report(archive).fresh is False
    git("add", "1 思想道德建设")
    committed = _report(archive)
    assert committed.fresh  # the photo is now tracked without LFS: large_file_not_lfs
    assert b"large_file_not_lfs" in committed.json

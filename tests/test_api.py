"""The library API: the pipeline and the stage verbs from Python, on real files."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import types
from pathlib import Path

import pytest

from civarchive import (
    bind_archive,
    check_archive,
    import_into_archive,
    load_spec,
    locate_archive,
    organize_archive,
    render,
)
from civarchive.bind import bind
from civarchive.check import check
from civarchive.errors import UsageError
from civarchive.formats import ReportFormat
from civarchive.scan import scan
from tests.factories import make_docx, make_jpeg, write_spec


def _archive(root: Path) -> Path:
    write_spec(root)
    folder = root / "1 思想道德建设" / "1.1 理想信念教育"
    make_docx(folder / "2022年度学习计划.docx", created=dt.datetime(2022, 1, 5))
    for n in range(2):
        make_jpeg(
            folder / f"学习活动{n}.jpg", taken=dt.datetime(2022, 5, 1 + n), title=f"学习活动{n}"
        )
    return root


def test_stage_verbs_from_their_packages(tmp_path: Path) -> None:
    root = _archive(tmp_path / "archive")
    # Paths may be given as strings, as in the README's example.
    spec = load_spec(str(root / "civarchive.yaml"))
    inventory = scan(str(root), spec=spec, jobs=1)
    report = check(spec, inventory, as_of=dt.date(2023, 1, 1))
    assert [i.status for i in report.indicators] == ["complete"]
    assert report.summary.completeness == 1.0
    assert render(report, ReportFormat.JSON).startswith(b"{")

    # A card per document: the pages (LibreOffice) are bind's own tests' business.
    result = bind(spec, inventory, report, str(tmp_path / "out"), documents="list", jobs=1)
    assert (tmp_path / "out" / "归档文件目录.xlsx").is_file()
    assert result.items == 3


def test_the_pipeline_takes_the_command_lines_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _archive(tmp_path / "archive")
    # The spec is found upwards from the current folder, and the archive is its folder.
    monkeypatch.chdir(root / "1 思想道德建设")
    assert locate_archive().root == root
    checked = check_archive(as_of="2023-01-01", jobs=1, progress=False)
    assert checked.report.summary.completeness == 1.0
    assert checked.report.spec.path == "civarchive.yaml"  # relative to the archive
    assert len(checked.inventory.files) == 3
    again = check_archive(root, spec=root / "civarchive.yaml", as_of=dt.date(2023, 1, 1))
    assert again.report == checked.report

    bound = bind_archive(
        root, tmp_path / "out", as_of="2023-01-01", documents="list", jobs=1, progress=False
    )
    assert bound.result.items == 3
    assert bound.checked.report == checked.report
    with pytest.raises(UsageError, match="not a date"):
        check_archive(root, as_of="2023/02/30")


def test_organize_and_import_plan_without_touching_the_archive(tmp_path: Path) -> None:
    root = _archive(tmp_path / "archive")
    # A plan for a file dropped at the root, named after its indicator's requirement.
    make_docx(root / "2023年度学习计划.docx", created=dt.datetime(2023, 1, 5))
    before = sorted(p.relative_to(root) for p in root.rglob("*") if ".civarchive" not in p.parts)
    asked: list[int] = []

    def choose(plan: object, spec: object) -> dict[str, str]:
        asked.append(1)
        return {}

    organized = organize_archive(root, choose=choose, jobs=1, progress=False)
    moves = {(m.source, m.target) for m in organized.plan.steps}
    target = "1 思想道德建设/1.1 理想信念教育/2023年度学习计划.docx"
    assert ("2023年度学习计划.docx", target) in moves
    assert asked == [1]

    # An import lands in the inbox; with organize, the plan covers only what landed.
    source = tmp_path / "宣传部"
    make_jpeg(source / "学习活动2.jpg", taken=dt.datetime(2023, 5, 2), title="学习活动2")
    imported = import_into_archive([source], root, organize=True, jobs=1, progress=False)
    assert len(imported.result.landed_paths) == 1
    assert imported.plan is not None
    [step] = imported.plan.steps
    assert step.source == imported.result.landed_paths[0]
    assert step.target == "1 思想道德建设/1.1 理想信念教育/学习活动2.jpg"
    after = sorted(p.relative_to(root) for p in root.rglob("*") if ".civarchive" not in p.parts)
    assert set(before) < set(after)  # the import added; nothing was moved or removed


def test_no_verb_shadows_its_package() -> None:
    import civarchive.bind
    import civarchive.check
    import civarchive.scan

    for package in (civarchive.scan, civarchive.check, civarchive.bind):
        assert isinstance(package, types.ModuleType)
    assert civarchive.__version__
    with pytest.raises(AttributeError):
        _ = civarchive.nothing_here  # type: ignore[attr-defined]


def test_import_is_light() -> None:
    # The API is importable without paying for the libraries behind it.
    code = (
        "import sys, civarchive; print(sorted(m for m in ('PIL', 'av', 'docx', 'openpyxl', "
        "'pypdf', 'pydantic', 'yaml', 'rich', 'civarchive.scan') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
